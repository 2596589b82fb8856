/**
 * Frame-exact analysis of a video file or recording: every decoded frame goes through
 * the pose model exactly once, with its true presentation timestamp (WebCodecs via
 * mediabunny). Progress N/M with ETA; cancellable with an AbortSignal.
 */
import type { Input, InputVideoTrack } from 'mediabunny';
import { CaptureError } from './errors.ts';
import { openSeekableVideo, seekTo } from './video-seek.ts';
import type { EstimatedFrame, PoseEstimator } from './estimator.ts';
import { DEFAULT_MAX_INPUT_SIDE_PX } from '../pose/client.ts';

/** File types the picker offers (mp4, webm, mov). */
export const VIDEO_ACCEPT = 'video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov,.m4v';

/**
 * Frames larger than this (long side, px) are decoded straight at this size for the model
 * (the pose worker's own input size, so it does not scale them again); keypoints are scaled
 * back to video pixels.
 */
export const MAX_MODEL_INPUT_SIDE_PX = DEFAULT_MAX_INPUT_SIDE_PX;

/** Progress of a file analysis. `etaS` is null until a few frames have been timed. */
export interface AnalysisProgress {
  done: number;
  total: number;
  etaS: number | null;
}

/** What a file analysis yields: the frames in image pixels of `widthPx` × `heightPx`, t from the first frame. */
export interface VideoAnalysis {
  widthPx: number;
  heightPx: number;
  frames: EstimatedFrame[];
  /** Presentation time of the first frame in the file, seconds (frame t = pts − firstTimestampS). */
  firstTimestampS: number;
  /** Set when decoding stopped early (truncated or damaged file); frames before it are kept. */
  truncatedAtFrame: number | null;
  durationS: number;
  /** How frames were read: WebCodecs decoding, or seeking a <video> element frame by frame (fallback). */
  method: 'webcodecs' | 'seek';
}

/** Options of analyseVideo. */
export interface AnalyseVideoOptions {
  onProgress?: (p: AnalysisProgress) => void;
  /** Called with each frame as it is estimated (for a live preview of the analysis). */
  onFrame?: (frame: EstimatedFrame) => void;
  signal?: AbortSignal;
  /** Long side (px) frames are decoded at for the model (default MAX_MODEL_INPUT_SIDE_PX; 0 = full size). */
  maxInputSidePx?: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Frames timed before an ETA is shown. */
const ETA_MIN_FRAMES = 3;

/** An estimator that can also say when a frame sent by someone else (e.g. the live preview) is done. */
type IdleAwareEstimator = PoseEstimator & { idle?: () => Promise<void> };

/** Poll interval while waiting for a frame someone else sent to finish, milliseconds (only estimators without idle()). */
const IDLE_POLL_MS = 10;

/**
 * Waits until the estimator has no frame in flight before the first frame of an analysis
 * (e.g. the live preview's last frame): awaits `idle()` where the estimator offers it, else
 * polls. Never used between the analysis' own frames: those are awaited directly.
 */
async function waitForForeignFrame(estimator: IdleAwareEstimator, signal: AbortSignal | undefined): Promise<void> {
  while (estimator.busy) {
    if (signal?.aborted) throw cancelled();
    if (estimator.idle) await estimator.idle();
    else await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
  }
}

/** One decoded frame, ready for the model: the image is handed over (transferred/closed by the estimator). */
export interface DecodedFrame {
  image: ImageBitmap | VideoFrame;
  /** Seconds from the first frame. */
  tS: number;
}

/** Options of estimateFrames. */
export interface EstimateFramesOptions {
  signal?: AbortSignal;
  /** Called after each frame is estimated (in order), with the count done so far; may adjust the frame in place (e.g. rescale keypoints). */
  onFrame?: (frame: EstimatedFrame, done: number) => void;
}

/**
 * Runs `estimator` over the frames `nextFrame` yields (null = end), in order, each exactly
 * once: frame i+1 is decoded while frame i is being estimated, and the estimate of frame
 * i is awaited before frame i+1 is sent (the pose worker takes one frame at a time).
 * A decode error ends the sequence: `decodeError.cause` is what was thrown; the frames before it are kept.
 * Throws CaptureError 'cancelled' on abort, and the estimator's error if an estimate fails.
 */
export async function estimateFrames(
  nextFrame: () => Promise<DecodedFrame | null>,
  estimator: PoseEstimator,
  options: EstimateFramesOptions = {},
): Promise<{ frames: EstimatedFrame[]; decodeError: { cause: unknown } | null }> {
  const { signal, onFrame } = options;
  type Decoded = { ok: true; frame: DecodedFrame | null } | { ok: false; error: unknown };
  // Never rejects, so a decode that fails while a frame is being estimated is not an unhandled rejection.
  const decode = (): Promise<Decoded> =>
    nextFrame().then(
      (frame) => ({ ok: true as const, frame }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const frames: EstimatedFrame[] = [];
  let pending: Promise<Decoded> | null = decode();
  try {
    await waitForForeignFrame(estimator, signal);
    for (;;) {
      if (signal?.aborted) throw cancelled();
      const got: Decoded = await pending;
      pending = null;
      if (!got.ok) return { frames, decodeError: { cause: got.error } };
      if (got.frame === null) return { frames, decodeError: null };
      const { image, tS } = got.frame;
      pending = decode(); // the next frame decodes while this one is in the model
      const frame = await estimator.estimate(image, tS);
      frames.push(frame);
      onFrame?.(frame, frames.length);
    }
  } finally {
    // Cancelled or failed with a frame decoded ahead: release it.
    if (pending) {
      const left = await pending;
      if (left.ok && left.frame) left.frame.image.close();
    }
  }
}

function cancelled(): CaptureError {
  return new CaptureError('cancelled', 'Analysis cancelled.', 'Choose a video or start the camera to try again.');
}

/** Reads the video's first track: size, frame count and decodability; throws CaptureError for bad files. */
export async function probeVideo(file: Blob): Promise<{ widthPx: number; heightPx: number; frameCount: number; durationS: number }> {
  const { track, input } = await openTrack(file);
  try {
    const stats = await track.computePacketStats();
    return { widthPx: track.displayWidth, heightPx: track.displayHeight, frameCount: stats.packetCount, durationS: await track.computeDuration() };
  } finally {
    input.dispose();
  }
}

function unsupportedCodec(track: InputVideoTrack): CaptureError {
  return new CaptureError(
    'video-unsupported',
    `This browser cannot decode this video's format (${track.codec ?? 'unknown codec'}).`,
    'Export or convert the video as H.264 MP4 ("Most compatible" on an iPhone: Settings > Camera > Formats), then try again.',
  );
}

/** mediabunny, loaded on first use (it is only needed once a video is chosen). */
const loadMediabunny = () => import('mediabunny');

async function openTrack(file: Blob): Promise<{ input: Input; track: InputVideoTrack; decodable: boolean }> {
  const { ALL_FORMATS, BlobSource, Input, UnsupportedInputFormatError } = await loadMediabunny();
  if (file.size === 0) {
    throw new CaptureError('video-empty', 'This video file is empty (0 bytes).', 'Choose the original recording again; it may not have been copied completely.');
  }
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) {
      throw new CaptureError('video-no-track', 'This file has no video in it.', 'Choose a video file (mp4, webm or mov).');
    }
    const decodable = typeof VideoDecoder !== 'undefined' && (await track.canDecode());
    return { input, track, decodable };
  } catch (e) {
    input.dispose();
    if (e instanceof CaptureError) throw e;
    if (e instanceof UnsupportedInputFormatError) {
      throw new CaptureError('video-unsupported', 'This file is not a video format Gaitscope can read.', 'Choose an mp4, webm or mov video.', { cause: e });
    }
    throw new CaptureError('video-corrupt', 'This video file is damaged and cannot be read.', 'Choose the original recording again, or record a new one.', { cause: e });
  }
}

/**
 * Runs the pose model on every frame of `file` in presentation order, exactly once each.
 * Throws CaptureError for an empty, unsupported or unreadable file, or on cancel; the
 * estimator's own error if it fails to load.
 */
export async function analyseVideo(
  file: Blob,
  estimatorOrPromise: PoseEstimator | Promise<PoseEstimator>,
  options: AnalyseVideoOptions = {},
): Promise<VideoAnalysis> {
  const { signal, onProgress, onFrame } = options;
  if (signal?.aborted) throw cancelled();
  // The file is checked while the model may still be loading, so a bad file is reported at once.
  const pendingEstimator = Promise.resolve(estimatorOrPromise);
  pendingEstimator.catch(() => {}); // awaited below; a file error may win the race
  const { input, track, decodable } = await openTrack(file);
  try {
    if (!decodable) return await analyseBySeeking(file, track, await pendingEstimator, options);
    let total: number;
    let durationS: number;
    try {
      total = (await track.computePacketStats()).packetCount;
      durationS = await track.computeDuration();
    } catch (e) {
      throw new CaptureError('video-corrupt', 'This video file is damaged and cannot be read.', 'Choose the original recording again, or record a new one.', { cause: e });
    }
    if (total === 0) throw new CaptureError('video-corrupt', 'No frames could be read from this video.', 'Choose the original recording again, or record a new one.');
    const estimator = await pendingEstimator;
    const widthPx = track.displayWidth;
    const heightPx = track.displayHeight;
    const maxSidePx = options.maxInputSidePx ?? MAX_MODEL_INPUT_SIDE_PX;
    const scale = maxSidePx > 0 ? Math.min(1, maxSidePx / Math.max(widthPx, heightPx)) : 1;
    const sinkWidthPx = Math.round(widthPx * scale);
    const sinkHeightPx = Math.round(heightPx * scale);
    // Back to video pixels, per axis (rounding the decoded size changes the aspect slightly).
    const toVideoX = widthPx / sinkWidthPx;
    const toVideoY = heightPx / sinkHeightPx;
    // CanvasSink applies the file's rotation metadata (phone videos), so keypoints match what is displayed.
    const { CanvasSink } = await loadMediabunny();
    const sink = new CanvasSink(track, {
      width: sinkWidthPx,
      height: sinkHeightPx,
      fit: 'fill',
      poolSize: 3,
    });
    let firstTimestampS = NaN;
    let truncatedAtFrame: number | null = null;
    const startMs = performance.now();
    onProgress?.({ done: 0, total, etaS: null });
    const iterator = sink.canvases();
    let lastTS = -Infinity;
    const nextFrame = async (): Promise<DecodedFrame | null> => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return null;
        const { canvas, timestamp } = next.value;
        if (Number.isNaN(firstTimestampS)) firstTimestampS = timestamp;
        const tS = timestamp - firstTimestampS;
        if (tS <= lastTS) continue; // a duplicate timestamp is not a new frame
        lastTS = tS;
        return { image: await createImageBitmap(canvas), tS };
      }
    };
    let frames: EstimatedFrame[];
    try {
      const out = await estimateFrames(nextFrame, estimator, {
        signal,
        onFrame: (frame, done) => {
          if (scale !== 1) {
            frame.keypoints = frame.keypoints.map((k) => [k[0] === null ? null : round2(k[0] * toVideoX), k[1] === null ? null : round2(k[1] * toVideoY), k[2]]);
          }
          onFrame?.(frame);
          const elapsedS = (performance.now() - startMs) / 1000;
          const shownTotal = Math.max(total, done);
          onProgress?.({ done, total: shownTotal, etaS: done >= ETA_MIN_FRAMES ? (elapsedS / done) * (shownTotal - done) : null });
        },
      });
      frames = out.frames;
      if (out.decodeError !== null) {
        if (frames.length === 0) {
          throw new CaptureError('video-corrupt', 'This video file is damaged and cannot be decoded.', 'Choose the original recording again, or record a new one.', { cause: out.decodeError.cause });
        }
        truncatedAtFrame = frames.length;
      }
    } finally {
      await iterator.return(undefined);
    }
    if (frames.length === 0) {
      throw new CaptureError('video-corrupt', 'No frames could be read from this video.', 'Choose the original recording again, or record a new one.');
    }
    // The file's index promised more frames than could be decoded: its data was cut short.
    if (truncatedAtFrame === null && frames.length < total) truncatedAtFrame = frames.length;
    onProgress?.({ done: frames.length, total: frames.length, etaS: 0 });
    return { widthPx, heightPx, frames, firstTimestampS, truncatedAtFrame, durationS, method: 'webcodecs' };
  } finally {
    input.dispose();
  }
}

/** Fallback without WebCodecs: frame timestamps from the demuxer, pixels from a seeked <video>. */
async function analyseBySeeking(file: Blob, track: InputVideoTrack, estimator: PoseEstimator, options: AnalyseVideoOptions): Promise<VideoAnalysis> {
  const { signal, onProgress, onFrame } = options;
  const player = await openSeekableVideo(file);
  if (!player) throw unsupportedCodec(track);
  try {
    const { EncodedPacketSink } = await loadMediabunny();
    const ptsS: number[] = [];
    try {
      for await (const packet of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) ptsS.push(packet.timestamp);
    } catch (e) {
      throw new CaptureError('video-corrupt', 'This video file is damaged and cannot be read.', 'Choose the original recording again, or record a new one.', { cause: e });
    }
    ptsS.sort((a, b) => a - b);
    const total = ptsS.length;
    if (total === 0) throw new CaptureError('video-corrupt', 'No frames could be read from this video.', 'Choose the original recording again, or record a new one.');
    const firstTimestampS = ptsS[0] ?? 0;
    const { video } = player;
    const startMs = performance.now();
    onProgress?.({ done: 0, total, etaS: null });
    let i = 0;
    const nextFrame = async (): Promise<DecodedFrame | null> => {
      if (i >= total) return null;
      const pts = ptsS[i] ?? 0;
      const next = ptsS[i + 1] ?? pts + (total > 1 ? (pts - firstTimestampS) / (total - 1) : 1 / 30);
      i++;
      // The middle of the frame's display interval: never the neighbour's frame.
      await seekTo(video, pts + (next - pts) / 2);
      return { image: await createImageBitmap(video), tS: pts - firstTimestampS };
    };
    const { frames, decodeError } = await estimateFrames(nextFrame, estimator, {
      signal,
      onFrame: (frame, done) => {
        onFrame?.(frame);
        onProgress?.({ done, total, etaS: done >= ETA_MIN_FRAMES ? (((performance.now() - startMs) / 1000) / done) * (total - done) : null });
      },
    });
    if (decodeError !== null) throw decodeError.cause; // a seek that never showed its frame (CaptureError)
    return { widthPx: video.videoWidth, heightPx: video.videoHeight, frames, firstTimestampS, truncatedAtFrame: null, durationS: await track.computeDuration(), method: 'seek' };
  } finally {
    player.close();
  }
}
