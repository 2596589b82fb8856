/**
 * Collects estimated frames into a pose track (formats.md §1) with true timestamps:
 * `t` strictly increasing (a frame at or before the previous one is refused, not reordered).
 */
import type { KeypointName, KeypointSet } from '../kinematics/keypoints.ts';
import type { KeypointTuple, PoseFrame, PoseTrack, View } from '../kinematics/types.ts';

/** Where a track came from (formats.md §1 `source`). */
export interface TrackSource {
  kind: 'video' | 'camera' | 'image' | string;
  name?: string;
  model?: string;
  [k: string]: unknown;
}

/** Options of a TrackBuilder. */
export interface TrackBuilderOptions {
  keypointSet: KeypointSet;
  keypointNames: readonly KeypointName[];
  source: TrackSource;
  /** Image size; when omitted, set with setImageSize() before build(). */
  image?: { widthPx: number; heightPx: number };
  view?: View | null;
  heightM?: number | null;
  /** Keep per-frame `extra` (e.g. people count) in the track (default false: smaller files). */
  keepFrameExtra?: boolean;
}

/** Builds a PoseTrack frame by frame. */
export class TrackBuilder {
  private readonly opts: TrackBuilderOptions;
  private readonly frames: PoseFrame[] = [];
  private image: { widthPx: number; heightPx: number } | null;
  private lastT = -Infinity;
  /** Frames refused because their `t` did not increase. */
  rejected = 0;
  /** Frames in which the model found more than one person. */
  multiPersonFrames = 0;
  /** Frames in which the model found nobody. */
  emptyFrames = 0;

  constructor(options: TrackBuilderOptions) {
    this.opts = { ...options };
    this.image = options.image ? { ...options.image } : null;
  }

  /** Sets the image size in pixels (the frames' coordinate space). */
  setImageSize(widthPx: number, heightPx: number): void {
    if (!(widthPx > 0 && heightPx > 0)) throw new RangeError(`image size must be positive, got ${widthPx}×${heightPx}`);
    this.image = { widthPx, heightPx };
  }

  /** Number of frames accepted so far. */
  get length(): number {
    return this.frames.length;
  }

  /** Frames with at least one keypoint. */
  get framesWithPerson(): number {
    return this.frames.length - this.emptyFrames;
  }

  /** Adds a frame; returns false (and counts it in `rejected`) when `t` does not increase. */
  add(frame: PoseFrame): boolean {
    if (!Number.isFinite(frame.t) || frame.t <= this.lastT) {
      this.rejected++;
      return false;
    }
    const n = this.opts.keypointNames.length;
    if (frame.keypoints.length !== n) throw new RangeError(`frame at t=${frame.t} has ${frame.keypoints.length} keypoints, expected ${n}`);
    this.lastT = frame.t;
    const people = typeof frame.extra?.people === 'number' ? frame.extra.people : null;
    const empty = frame.keypoints.every((k) => k[0] === null);
    if (empty) this.emptyFrames++;
    if (people !== null && people > 1) this.multiPersonFrames++;
    const keypoints = frame.keypoints.map((k) => [k[0], k[1], k[2]] as KeypointTuple);
    this.frames.push(this.opts.keepFrameExtra && frame.extra ? { t: frame.t, keypoints, extra: { ...frame.extra } } : { t: frame.t, keypoints });
    return true;
  }

  /** The pose track so far (a snapshot; further add() calls do not change it). */
  build(): PoseTrack {
    if (!this.image) throw new Error('TrackBuilder: image size unknown (call setImageSize)');
    const track: PoseTrack = {
      format: 'gaitscope.pose-track',
      version: 1,
      keypointSet: this.opts.keypointSet,
      keypointNames: [...this.opts.keypointNames],
      image: { ...this.image },
      view: this.opts.view ?? null,
      source: { ...this.opts.source },
      frames: this.frames.slice(),
    };
    if (this.opts.heightM != null) track.subject = { heightM: this.opts.heightM };
    // Readers of the track alone (e.g. `gaitscope analyze track.json`) can still say so.
    if (this.multiPersonFrames > 0) track.extra = { multiPersonFrames: this.multiPersonFrames };
    return track;
  }
}
