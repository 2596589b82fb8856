/** Debian's Chromium and the flags that keep it quiet on a machine with no internet (testing.md). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
];
/** Extra flags that make a video file the webcam (`.mjpeg` or `.y4m`). */
export function fakeCameraArgs(file?: string): string[] {
  const args = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
  if (file) args.push(`--use-file-for-fake-video-capture=${file}`);
  return args;
}
