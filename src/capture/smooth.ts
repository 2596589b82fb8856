/**
 * Display-only smoothing of live keypoints with the One Euro filter (kinematics).
 * The recorded/analysed data is never smoothed here.
 */
import { OneEuroFilter } from '../kinematics/index.ts';
import type { KeypointTuple } from '../kinematics/types.ts';

/** One Euro parameters for the live skeleton: minCutoff Hz, beta 1/px, dCutoff Hz. */
export const LIVE_SMOOTHING = Object.freeze({ minCutoff: 1.5, beta: 0.02, dCutoff: 1.0 });

/** Smooths each keypoint's x and y over time; a missing point resets that point's filters. */
export class KeypointSmoother {
  private filters: { x: OneEuroFilter; y: OneEuroFilter }[] = [];

  /** Returns a smoothed copy of `keypoints` at time `tS` (seconds). */
  smooth(keypoints: readonly KeypointTuple[], tS: number): KeypointTuple[] {
    return keypoints.map((k, i) => {
      let f = this.filters[i];
      if (!f) {
        f = { x: new OneEuroFilter(LIVE_SMOOTHING), y: new OneEuroFilter(LIVE_SMOOTHING) };
        this.filters[i] = f;
      }
      if (k[0] === null || k[1] === null) {
        f.x.reset();
        f.y.reset();
        return [null, null, 0];
      }
      return [f.x.filter(k[0], tS), f.y.filter(k[1], tS), k[2]];
    });
  }

  /** Forgets all state (new person, new camera). */
  reset(): void {
    this.filters = [];
  }
}
