/**
 * Timing helpers shared by the home flows (UI wall-clock time only: measurements use frame timestamps).
 */
import { setupReady, type SetupCheck } from '../../kinematics/setupChecks.ts';

/** Flow timings, seconds. */
export const HOME_TIMING = Object.freeze({
  /** Checks must stay green this long before the capture starts by itself. */
  readyHoldS: 1.5,
  /** Countdown before a capture (time to get into position). */
  countdownS: 5,
  /** Countdown after "Start anyway" (the user may be at the device, away from the spot). */
  overrideCountdownS: 10,
  /** Posture: give up waiting for 3 still seconds after this, and offer a shorter measurement. */
  postureGiveUpS: 25,
  /** Single-leg: two-leg baseline before the lift. */
  singleLegBaselineS: 2,
  /** Single-leg: finish by itself when no new lift starts for this long. */
  singleLegIdleS: 40,
  /** Gait: stop the recording by itself after this. */
  gaitMaxS: 90,
});

/** Tracks how long the setup checks have been passing; `ready` once they held for `holdS`. */
export class ReadyGate {
  private sinceMs: number | null = null;
  constructor(private readonly holdS: number = HOME_TIMING.readyHoldS) {}
  /** Feeds the latest checks at wall time `nowMs`; true when they have passed for `holdS`. */
  update(checks: readonly SetupCheck[], nowMs: number): boolean {
    if (!setupReady(checks)) {
      this.sinceMs = null;
      return false;
    }
    this.sinceMs ??= nowMs;
    return nowMs - this.sinceMs >= this.holdS * 1000;
  }
}

/** A countdown ticking once per second; calls `onTick(secondsLeft)` then `onDone()`. Returns a cancel function. */
export function startCountdown(seconds: number, onTick: (left: number) => void, onDone: () => void): () => void {
  let left = seconds;
  onTick(left);
  const timer = setInterval(() => {
    left--;
    if (left <= 0) {
      clearInterval(timer);
      onDone();
    } else onTick(left);
  }, 1000);
  return () => clearInterval(timer);
}

/** The words of the checks that are not passing, for the "started anyway" note. */
export function failingChecks(checks: readonly SetupCheck[]): string[] {
  return checks.filter((c) => c.status === 'fail').map((c) => c.words);
}
