/**
 * The live loop: one pose estimate at a time from a playing <video> (webcam). Frames
 * that arrive while the model is busy are DROPPED, never queued, so the skeleton stays
 * current and timestamps stay honest. Measures the model's fps and latency.
 */
import type { EstimatedFrame, PoseEstimator } from './estimator.ts';

/** Live statistics, read by the UI a few times a second. */
export interface LiveStats {
  /** Pose estimates completed per second (model rate), over the last second or so. */
  poseFps: number;
  /** Time from frame grab to pose result, milliseconds (last estimate). */
  latencyMs: number;
  /** Camera frames shown per second (display rate). */
  cameraFps: number;
  analysed: number;
  dropped: number;
}

/** Options of the live loop. */
export interface LiveLoopOptions {
  /** Called with every estimated frame (tS from the camera frame). */
  onPose: (frame: EstimatedFrame, stats: LiveStats) => void;
  /** Called when an estimate fails (e.g. the model worker died). The loop stops. */
  onError: (e: unknown) => void;
  /** Frames are scaled down to this long side (px) before the model; keypoints come back in video pixels. */
  maxInputSidePx?: number;
}

/** Long side of live frames sent to the model, px: half the upload and scaling cost of 1280×720 (testing.md). */
export const LIVE_INPUT_SIDE_PX = 640;

/** Window over which rates are measured, seconds. */
const RATE_WINDOW_S = 1.5;

type VideoWithRvfc = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number; expectedDisplayTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Runs the pose model on a live video element until stop(). */
export class LivePoseLoop {
  readonly stats: LiveStats = { poseFps: 0, latencyMs: 0, cameraFps: 0, analysed: 0, dropped: 0 };
  private running = false;
  private inFlight = false;
  private handle = 0;
  private t0Ms = -1;
  private lastTS = -Infinity;
  private readonly poseTimesMs: number[] = [];
  private readonly frameTimesMs: number[] = [];

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly estimator: PoseEstimator,
    private readonly options: LiveLoopOptions,
  ) {}

  /** Starts the loop (the video must be playing). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops the loop; a result already in flight is discarded. */
  stop(): void {
    this.running = false;
    const v = this.video as VideoWithRvfc;
    if (v.cancelVideoFrameCallback) v.cancelVideoFrameCallback(this.handle);
    else cancelAnimationFrame(this.handle);
  }

  private schedule(): void {
    if (!this.running) return;
    const v = this.video as VideoWithRvfc;
    if (v.requestVideoFrameCallback) {
      this.handle = v.requestVideoFrameCallback((now) => this.onFrame(now));
    } else {
      this.handle = requestAnimationFrame((now) => this.onFrame(now));
    }
  }

  private onFrame(nowMs: number): void {
    if (!this.running) return;
    pushRate(this.frameTimesMs, nowMs);
    this.stats.cameraFps = rate(this.frameTimesMs);
    if (this.t0Ms < 0) this.t0Ms = nowMs;
    // Time from the first frame seen; performance.now() is the frame's presentation clock.
    const tS = (nowMs - this.t0Ms) / 1000;
    if (this.inFlight || this.estimator.busy || this.video.videoWidth === 0 || tS <= this.lastTS) {
      this.stats.dropped++;
    } else {
      this.lastTS = tS;
      void this.estimate(tS);
    }
    this.schedule();
  }

  private async estimate(tS: number): Promise<void> {
    this.inFlight = true;
    const startMs = performance.now();
    try {
      const w = this.video.videoWidth;
      const h = this.video.videoHeight;
      const scale = Math.min(1, (this.options.maxInputSidePx ?? LIVE_INPUT_SIDE_PX) / Math.max(w, h));
      const bitmap =
        scale < 1
          ? await createImageBitmap(this.video, { resizeWidth: Math.round(w * scale), resizeHeight: Math.round(h * scale), resizeQuality: 'medium' })
          : await createImageBitmap(this.video);
      const frame = await this.estimator.estimate(bitmap, tS);
      if (scale < 1) {
        frame.keypoints = frame.keypoints.map((k) => [k[0] === null ? null : k[0] / scale, k[1] === null ? null : k[1] / scale, k[2]]);
      }
      if (!this.running) return;
      const endMs = performance.now();
      pushRate(this.poseTimesMs, endMs);
      this.stats.poseFps = rate(this.poseTimesMs);
      this.stats.latencyMs = endMs - startMs;
      this.stats.analysed++;
      this.options.onPose(frame, this.stats);
    } catch (e) {
      if (this.running) {
        this.running = false;
        this.options.onError(e);
      }
    } finally {
      this.inFlight = false;
    }
  }
}

function pushRate(times: number[], nowMs: number): void {
  times.push(nowMs);
  while (times.length > 1 && nowMs - (times[0] ?? nowMs) > RATE_WINDOW_S * 1000) times.shift();
}

/** Events per second over the recorded window; 0 with fewer than two events. */
function rate(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const spanMs = (times[times.length - 1] ?? 0) - (times[0] ?? 0);
  return spanMs > 0 ? ((times.length - 1) * 1000) / spanMs : 0;
}
