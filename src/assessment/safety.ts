/**
 * Safety text shown on every report, result and PDF (product.md "Settings and care";
 * metrics.md "From findings to exercises").
 */

/** One-line statement that the app screens and does not diagnose. */
export const SCREENING_DISCLAIMER =
  'Gaitscope is a screening aid, not a diagnosis. Its numbers come from a video and can be wrong; a clinician should interpret them.';

/** Signs that need a clinician rather than the exercise programme. */
export const RED_FLAGS: readonly string[] = Object.freeze([
  'pain at night or at rest that does not ease when you change position',
  'sudden inability to bear weight on the leg, or a fall onto the hip',
  'a hip that locks, gives way, or is hot, red or swollen',
  'fever, feeling unwell, or unexplained weight loss with hip pain',
  'numbness, tingling or weakness spreading down the leg, or trouble controlling bladder or bowel',
  'pain that gets steadily worse over two weeks despite rest and the programme',
  'after hip surgery, starting or changing exercise without your surgeon’s or physiotherapist’s clearance',
]);

/** The full safety text: disclaimer, then when to see a clinician. */
export const SAFETY_TEXT: string =
  `${SCREENING_DISCLAIMER} Stop the exercises and see a doctor or physiotherapist if you have any of these: ` +
  RED_FLAGS.join('; ') +
  '. In an emergency call your local emergency number.';
