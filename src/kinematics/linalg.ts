/**
 * Small dense least-squares solves for the kinematics (normal equations AᵀA x = Aᵀb of polynomial, harmonic and
 * donor fits): Cholesky factor and solve, row-major m×m, no allocation per solve.
 */

/**
 * Cholesky factor of the symmetric positive definite m×m matrix in A (row-major; only its lower triangle is read):
 * overwrites the lower triangle with L (A = LLᵀ). False when a pivot is not above `minPivot` (singular or not
 * positive definite), leaving A partly overwritten.
 */
export function choleskyInPlace(A: Float64Array, m: number, minPivot: number): boolean {
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = A[a * m + b] as number;
      for (let q = 0; q < b; q++) s -= (A[a * m + q] as number) * (A[b * m + q] as number);
      if (a === b) {
        if (!(s > minPivot)) return false;
        A[a * m + a] = Math.sqrt(s);
      } else A[a * m + b] = s / (A[b * m + b] as number);
    }
  }
  return true;
}

/** Solves LLᵀ x = rhs in place (L from choleskyInPlace, m×m row-major lower triangle). */
export function choleskySolveInPlace(L: Float64Array, m: number, rhs: Float64Array): void {
  for (let a = 0; a < m; a++) {
    let s = rhs[a] as number;
    for (let q = 0; q < a; q++) s -= (L[a * m + q] as number) * (rhs[q] as number);
    rhs[a] = s / (L[a * m + a] as number);
  }
  for (let a = m - 1; a >= 0; a--) {
    let s = rhs[a] as number;
    for (let q = a + 1; q < m; q++) s -= (L[q * m + a] as number) * (rhs[q] as number);
    rhs[a] = s / (L[a * m + a] as number);
  }
}
