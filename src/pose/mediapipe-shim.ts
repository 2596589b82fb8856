/**
 * Stand-in for `@mediapipe/pose` in the browser bundle. pose-detection imports it for
 * its 'mediapipe' runtime, which Gaitscope does not use (it runs BlazePose on tfjs);
 * creating one says so instead of failing obscurely.
 */
export class Pose {
  constructor() {
    throw new Error('The MediaPipe runtime is not bundled in Gaitscope; use the tfjs runtime.');
  }
}
export const VERSION = 'shim';
