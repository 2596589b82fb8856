/**
 * What capture needs from the pose module (src/pose/client.ts `createPoseWorker`):
 * one call per frame, off the main thread. Structural, so tests can pass a fake.
 */
import type { PoseFrame } from '../kinematics/types.ts';

/** A pose frame as the worker returns it: `extra.people` = how many people the model saw. */
export type EstimatedFrame = PoseFrame & { extra: { people: number; [k: string]: unknown } };

/** The subset of the pose worker that capture uses. */
export interface PoseEstimator {
  /** Estimates the pose in one image; `tS` is the frame's true timestamp in seconds. The image is transferred. */
  estimate(image: ImageBitmap | VideoFrame, tS: number): Promise<EstimatedFrame>;
  /** True while a frame is being estimated. */
  readonly busy: boolean;
}
