/** Typed storage errors with messages the UI can show as they are. */

/** The browser refused a write because its storage quota is used up; earlier data is intact. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `Storage on this device is full: could not save ${what}. Nothing already saved was changed. ` +
        'Free space by deleting old sessions or their videos (after backing up to a file), or by clearing other sites\' data in the browser settings.',
      options,
    );
  }
}

/** A backup file that cannot be imported; `field` names the offending field path (e.g. `patients[0].yearOfBirth`). */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** A lookup for a record that does not exist (not named NotFoundError: Dexie re-wraps errors by that DOM name). */
export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
}

/** True when `e` (or any error it wraps) is the browser's QuotaExceededError. */
export function isQuotaError(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur != null && typeof cur === 'object'; depth++) {
    const err = cur as { name?: unknown; inner?: unknown; cause?: unknown; code?: unknown };
    if (err.name === 'QuotaExceededError' || err.code === 22) return true;
    cur = err.inner ?? err.cause;
  }
  return false;
}

/** Re-throws `e` as a StorageFullError when it is a quota error, unchanged otherwise. */
export function rethrowWriteError(e: unknown, what: string): never {
  if (isQuotaError(e)) throw new StorageFullError(what, { cause: e });
  throw e;
}
