/** Brightness of the live camera picture, for the setup checks (kinematics/setupChecks.ts `meanLuma`). */

/** Width of the small canvas the picture is sampled on, pixels (enough for a mean, cheap to read back). */
const SAMPLE_WIDTH_PX = 32;

/** Mean luma 0..255 (Rec. 601 weights) of a video's current image, sampled on a small canvas; null before the video has a size. */
export function measureLuma(video: HTMLVideoElement, scratch: HTMLCanvasElement): number | null {
  if (video.videoWidth === 0) return null;
  const w = SAMPLE_WIDTH_PX;
  const h = Math.max(1, Math.round((w * video.videoHeight) / video.videoWidth));
  scratch.width = w;
  scratch.height = h;
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, w, h);
  const data = ctx.getImageData(0, 0, w, h).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
  return sum / (data.length / 4);
}
