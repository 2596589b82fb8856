/**
 * Fallback frame source for browsers without WebCodecs decoding of a file's codec: the
 * demuxer still gives every frame's presentation timestamp, and a <video> element is
 * seeked to the middle of each frame in turn (seek + requestVideoFrameCallback), so
 * every frame is still analysed exactly once at its true time.
 */
import { CaptureError } from './errors.ts';

/** Longest wait for one seek to show its frame, milliseconds (a stuck seek is a damaged file). */
const SEEK_TIMEOUT_MS = 10_000;

type RvfcVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
};

/** A hidden <video> showing `file`, ready to seek; null if this browser cannot play it. */
export async function openSeekableVideo(file: Blob): Promise<{ video: HTMLVideoElement; close: () => void } | null> {
  if (typeof document === 'undefined') return null;
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  // In the document (invisible) so the browser composites frames and fires frame callbacks.
  video.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:2px;opacity:0;pointer-events:none';
  video.setAttribute('aria-hidden', 'true');
  document.body.append(video);
  const close = () => {
    video.removeAttribute('src');
    video.load();
    video.remove();
    URL.revokeObjectURL(url);
  };
  const ok = await new Promise<boolean>((resolve) => {
    video.onloadeddata = () => resolve(video.videoWidth > 0);
    video.onerror = () => resolve(false);
    video.src = url;
  });
  if (!ok) {
    close();
    return null;
  }
  return { video, close };
}

/** Seeks `video` to `tS` and resolves once that frame is shown. */
export function seekTo(video: HTMLVideoElement, tS: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CaptureError('video-corrupt', `The video could not be read at ${tS.toFixed(2)} s.`, 'Choose the original recording again, or convert it to H.264 MP4.')), SEEK_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const v = video as RvfcVideo;
    video.addEventListener(
      'seeked',
      () => {
        if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(done);
        else done();
      },
      { once: true },
    );
    video.currentTime = tS;
  });
}
