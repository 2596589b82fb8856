/**
 * Records the full-rate camera stream (MediaRecorder) while the live skeleton runs, so
 * the analysis afterwards never depends on how fast this device ran the model live.
 * If the camera goes away mid-recording, what was recorded is kept.
 */

/** Container/codec preferences, best first. */
const MIME_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm', 'video/mp4'] as const;

/** Recorded chunks are delivered at least this often, milliseconds (nothing is lost if the tab dies later). */
export const RECORDER_TIMESLICE_MS = 1000;

/** How a recording ended: by the user, or because the camera stopped (unplugged, revoked). */
export type RecordingEnd = 'stopped' | 'camera-lost';

/** A finished recording. */
export interface Recording {
  blob: Blob;
  mimeType: string;
  end: RecordingEnd;
  durationS: number;
}

/** The first recording MIME type this browser supports, or '' (browser default). */
export function pickRecorderMimeType(): string {
  if (typeof MediaRecorder === 'undefined') return '';
  return MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
}

/** Records one MediaStream; resolves `done` with the recording when it ends for any reason. */
export class StreamRecorder {
  readonly done: Promise<Recording>;
  private readonly recorder: MediaRecorder;
  private readonly chunks: Blob[] = [];
  private userStopped = false;
  private readonly startMs = performance.now();

  /** Starts recording at once. `onChunk` sees each chunk as it arrives (for crash-safe storage). */
  constructor(stream: MediaStream, onChunk?: (chunk: Blob) => void) {
    if (typeof MediaRecorder === 'undefined') throw new Error('MediaRecorder is not available in this browser');
    const mimeType = pickRecorderMimeType();
    this.recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    this.done = new Promise<Recording>((resolve, reject) => {
      this.recorder.ondataavailable = (ev) => {
        if (ev.data.size > 0) {
          this.chunks.push(ev.data);
          onChunk?.(ev.data);
        }
      };
      this.recorder.onstop = () => {
        const type = this.recorder.mimeType || mimeType || 'video/webm';
        resolve({
          blob: new Blob(this.chunks, { type }),
          mimeType: type,
          // The browser also stops the recorder by itself when the camera goes away.
          end: this.userStopped ? 'stopped' : 'camera-lost',
          durationS: (performance.now() - this.startMs) / 1000,
        });
      };
      this.recorder.onerror = (ev) => reject((ev as Event & { error?: unknown }).error ?? new Error('recording failed'));
    });
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', () => this.finish());
    }
    this.recorder.start(RECORDER_TIMESLICE_MS);
  }

  /** Recording time so far, seconds. */
  get elapsedS(): number {
    return (performance.now() - this.startMs) / 1000;
  }

  /** Stops recording (the user pressed stop). */
  stop(): void {
    if (this.recorder.state !== 'inactive') this.userStopped = true;
    this.finish();
  }

  private finish(): void {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
  }
}
