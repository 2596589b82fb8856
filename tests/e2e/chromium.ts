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

/** Port of the production preview the e2e tests run against (GAITSCOPE_E2E_PORT overrides, e.g. to run two suites at once). */
export const E2E_PORT = Number(process.env.GAITSCOPE_E2E_PORT ?? 4173);
/** Origin of the app under test. */
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
