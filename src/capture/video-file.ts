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

/** Waits until the estimator has no frame in flight (e.g. the last live frame), polling every few ms. */
async function waitUntilIdle(estimator: PoseEstimator, signal: AbortSignal | undefined): Promise<void> {
  while (estimator.busy) {
    if (signal?.aborted) throw cancelled();
    await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
  }
}

/** Poll interval while waiting for the pose worker to finish a frame, milliseconds. */
const IDLE_POLL_MS = 10;

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
    const frames: EstimatedFrame[] = [];
    let firstTimestampS = NaN;
    let truncatedAtFrame: number | null = null;
    const startMs = performance.now();
    onProgress?.({ done: 0, total, etaS: null });
    const iterator = sink.canvases();
    try {
      for (;;) {
        if (signal?.aborted) throw cancelled();
        let next: IteratorResult<{ canvas: HTMLCanvasElement | OffscreenCanvas; timestamp: number }>;
        try {
          next = await iterator.next();
        } catch (e) {
          if (frames.length === 0) {
            throw new CaptureError('video-corrupt', 'This video file is damaged and cannot be decoded.', 'Choose the original recording again, or record a new one.', { cause: e });
          }
          truncatedAtFrame = frames.length;
          break;
        }
        if (next.done) break;
        const { canvas, timestamp } = next.value;
        if (Number.isNaN(firstTimestampS)) firstTimestampS = timestamp;
        const tS = timestamp - firstTimestampS;
        const prev = frames[frames.length - 1];
        if (prev && tS <= prev.t) continue; // a duplicate timestamp is not a new frame
        const bitmap = await createImageBitmap(canvas);
        await waitUntilIdle(estimator, signal);
        const frame = await estimator.estimate(bitmap, tS);
        if (scale !== 1) {
          frame.keypoints = frame.keypoints.map((k) => [k[0] === null ? null : round2(k[0] * toVideoX), k[1] === null ? null : round2(k[1] * toVideoY), k[2]]);
        }
        frames.push(frame);
        onFrame?.(frame);
        const done = frames.length;
        const elapsedS = (performance.now() - startMs) / 1000;
        const shownTotal = Math.max(total, done);
        onProgress?.({ done, total: shownTotal, etaS: done >= ETA_MIN_FRAMES ? (elapsedS / done) * (shownTotal - done) : null });
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
    const frames: EstimatedFrame[] = [];
    const startMs = performance.now();
    onProgress?.({ done: 0, total, etaS: null });
    for (let i = 0; i < total; i++) {
      if (signal?.aborted) throw cancelled();
      const pts = ptsS[i] ?? 0;
      const next = ptsS[i + 1] ?? pts + (total > 1 ? (pts - firstTimestampS) / (total - 1) : 1 / 30);
      const tS = pts - firstTimestampS;
      // The middle of the frame's display interval: never the neighbour's frame.
      await seekTo(video, pts + (next - pts) / 2);
      const bitmap = await createImageBitmap(video);
      await waitUntilIdle(estimator, signal);
      const frame = await estimator.estimate(bitmap, tS);
      frames.push(frame);
      onFrame?.(frame);
      const done = frames.length;
      onProgress?.({ done, total, etaS: done >= ETA_MIN_FRAMES ? (((performance.now() - startMs) / 1000) / done) * (total - done) : null });
    }
    return { widthPx: video.videoWidth, heightPx: video.videoHeight, frames, firstTimestampS, truncatedAtFrame: null, durationS: await track.computeDuration(), method: 'seek' };
  } finally {
    player.close();
  }
}
