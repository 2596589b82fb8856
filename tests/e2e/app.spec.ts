/**
 * The app in a real browser (Debian Chromium), with a real walking video as the webcam
 * and as an uploaded file. Each fake-camera test launches its own browser with its own
 * flags. Every request any page makes must go to the app's own origin.
 */
import { test, expect, chromium, type Browser, type BrowserContext, type Page, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BASE_URL, CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from './chromium.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
const dataDir = resolve(projectRoot, '../shared/data');
const walkMp4 = resolve(dataDir, 'video/walk-side-indoor.mp4');
const walkEvents = resolve(dataDir, 'video/walk-side-indoor.events.json');
const mediaDir = resolve(projectRoot, 'tests/.media');
const walkMjpeg = resolve(mediaDir, 'walk.mjpeg');
const NO_DATA = `../shared/data is absent (looked for ${walkMp4}): the walking-video tests need it`;

/** Makes the fake-camera file from the walking video (once; tests/.media is gitignored). */
function ensureWalkMjpeg(): void {
  if (existsSync(walkMjpeg)) return;
  mkdirSync(mediaDir, { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', walkMp4, '-vf', 'scale=640:-2', '-q:v', '5', walkMjpeg]);
}

interface AppSession {
  browser: Browser;
  page: Page;
  /** Every request the context made: pages and their workers. */
  requests: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/** Launches Chromium with extra flags and opens the app, recording every request of the context. */
async function openApp(extraArgs: string[], hash: string, prepare?: (context: BrowserContext) => Promise<unknown>): Promise<AppSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
  const context = await browser.newContext({ baseURL: BASE_URL, acceptDownloads: true });
  const requests: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (r: Request) => requests.push(r.url()));
  await prepare?.(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // A Content-Security-Policy violation is a bug (something tried to load from elsewhere, or eval).
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  await page.goto(`/${hash}`);
  return {
    browser,
    page,
    requests,
    pageErrors,
    async close() {
      await browser.close();
    },
  };
}

/** Every request went to the app's own origin (blob:/data: URLs of the page itself are local). */
function expectOwnOrigin(app: AppSession): void {
  const requests = app.requests;
  // The list includes the pose worker's downloads (weights), not only the page's own.
  expect(requests.some((u) => u.includes('/models/'))).toBe(true);
  const foreign = requests.filter((u) => {
    if (u.startsWith('data:')) return false;
    if (u.startsWith('blob:')) return !u.startsWith(`blob:${BASE_URL}/`);
    return new URL(u).origin !== BASE_URL;
  });
  expect(foreign, `requests that left the origin: ${foreign.join(', ')}`).toEqual([]);
}

test.describe('live camera: the walking video as the webcam', () => {
  test('the live skeleton appears and pose-fps shows a positive number', async () => {
    test.skip(!existsSync(walkMp4), NO_DATA);
    test.setTimeout(300_000);
    ensureWalkMjpeg();
    const app = await openApp(fakeCameraArgs(walkMjpeg), '#/setup');
    try {
      const { page } = app;
      await page.getByTestId('camera-start').click();
      const overlay = page.getByTestId('live-overlay');
      // BlazePose gives 33 points; a skeleton on the walker draws most of them.
      await expect.poll(async () => Number(await overlay.getAttribute('data-keypoints')), { timeout: 180_000 }).toBeGreaterThanOrEqual(20);
      await expect.poll(async () => Number(await page.getByTestId('pose-fps').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
      await expect(page.getByTestId('live-status')).not.toContainText(/no person/i);
      await page.getByTestId('camera-stop').click();
      await expect(page.getByTestId('camera-start')).toBeVisible();
      expect(app.pageErrors).toEqual([]);
      expectOwnOrigin(app);
    } finally {
      await app.close();
    }
  });
});

test.describe('record then analyse: the walking video as the webcam', () => {
  test('a recording of the live stream is analysed frame by frame afterwards', async () => {
    test.skip(!existsSync(walkMp4), NO_DATA);
    test.setTimeout(900_000);
    ensureWalkMjpeg();
    const app = await openApp(fakeCameraArgs(walkMjpeg), '#/setup');
    try {
      const { page } = app;
      await page.getByTestId('camera-start').click();
      await expect.poll(async () => Number(await page.getByTestId('live-overlay').getAttribute('data-keypoints')), { timeout: 180_000 }).toBeGreaterThan(0);
      await page.getByTestId('camera-record').click();
      await expect(page.getByTestId('live-status')).toContainText(/Recording [3-9] s/, { timeout: 60_000 });
      await page.getByTestId('camera-stop').click();
      await expect(page.getByTestId('analysis-progress')).toContainText(/\d+\/\d+/, { timeout: 180_000 });
      const done = page.getByTestId('analysis-done');
      await expect(done).toBeVisible({ timeout: 800_000 });
      // A few seconds of video (how many frames depends on how fast the loaded machine let the fake camera run).
      const m = /(\d+) frames, a person in (\d+)/.exec((await done.textContent()) ?? '');
      expect(Number(m?.[1])).toBeGreaterThan(10);
      expect(Number(m?.[2])).toBeGreaterThan(0);
      // Every frame the recording's index lists was decoded: nothing reported as damaged.
      await expect(page.getByText(/damaged after frame/)).toHaveCount(0);
      expect(app.pageErrors).toEqual([]);
      expectOwnOrigin(app);
    } finally {
      await app.close();
    }
  });
});

test.describe("live camera: the fake camera's test pattern", () => {
  test('the app says no person is visible', async () => {
    test.setTimeout(300_000);
    const app = await openApp(fakeCameraArgs(), '#/setup');
    try {
      const { page } = app;
      await page.getByTestId('camera-start').click();
      await expect(page.getByTestId('live-status')).toContainText(/no person/i, { timeout: 180_000 });
      await expect.poll(async () => Number(await page.getByTestId('pose-fps').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
      expect(Number(await page.getByTestId('live-overlay').getAttribute('data-keypoints'))).toBe(0);
      expect(app.pageErrors).toEqual([]);
      expectOwnOrigin(app);
    } finally {
      await app.close();
    }
  });
});

interface EventsFile {
  fps: number;
  frameCount: number;
  passes: { pass: number; direction: 'right-to-left' | 'left-to-right'; fullyVisibleStart: number; fullyVisibleEnd: number }[];
}

interface ExportedTrack {
  format: string;
  version: number;
  keypointNames: string[];
  image: { widthPx: number; heightPx: number };
  frames: { t: number; keypoints: [number | null, number | null, number][] }[];
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    sxx += ((xs[i] ?? 0) - mx) ** 2;
  }
  return sxy / sxx;
}

test.describe('video file: the walking video uploaded', () => {
  test('analysis gives one pose per frame, and the ankles move across the frame the way she walks', async () => {
    test.skip(!existsSync(walkMp4), NO_DATA);
    // The model costs 100–300 ms per frame on this shared CPU: 401 frames take minutes.
    test.setTimeout(1_800_000);
    const events = JSON.parse(readFileSync(walkEvents, 'utf8')) as EventsFile;
    const app = await openApp([], '#/setup');
    try {
      const { page } = app;
      await page.getByTestId('video-file-input').setInputFiles(walkMp4);
      const progress = page.getByTestId('analysis-progress');
      await expect(progress).toContainText(/\d+\/\d+/, { timeout: 180_000 });
      const m = /(\d+)\/(\d+)/.exec((await progress.textContent()) ?? '');
      expect(Number(m?.[2])).toBe(events.frameCount);
      await expect(page.getByTestId('analysis-done')).toBeVisible({ timeout: 1_500_000 });
      await expect(page.getByTestId('analysis-done')).toContainText(`${events.frameCount} frames`);
      await expect(page.getByText(/damaged after frame|No person is visible/)).toHaveCount(0);
      // Review: step frame by frame with the keyboard; the video follows to that frame's time.
      const player = page.getByRole('group', { name: /Video with skeleton/ });
      await player.focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      await expect(player).toContainText(`Frame 6/${events.frameCount}`);
      await expect.poll(() => page.evaluate(() => document.querySelector('video')?.currentTime ?? -1)).toBeCloseTo(5 / events.fps, 2);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-track').click()]);
      const track = JSON.parse(readFileSync(await download.path(), 'utf8')) as ExportedTrack;
      expect(track.format).toBe('gaitscope.pose-track');
      expect(track.version).toBe(1);
      expect(track.image).toEqual({ widthPx: 1280, heightPx: 720 });
      // One entry per decoded frame, each at its true time (frame / 30 fps).
      expect(track.frames).toHaveLength(events.frameCount);
      track.frames.forEach((f, i) => expect(Math.abs(f.t - i / events.fps)).toBeLessThan(0.002));

      const la = track.keypointNames.indexOf('left_ankle');
      const ra = track.keypointNames.indexOf('right_ankle');
      const ankleX = (i: number): number | null => {
        const k = track.frames[i]?.keypoints;
        const xs = [k?.[la], k?.[ra]].filter((p) => p && p[0] !== null && p[2] >= 0.3).map((p) => p![0] as number);
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
      };
      for (const pass of events.passes) {
        const idx: number[] = [];
        const xs: number[] = [];
        for (let i = pass.fullyVisibleStart; i <= pass.fullyVisibleEnd; i++) {
          const x = ankleX(i);
          if (x !== null) {
            idx.push(i);
            xs.push(x);
          }
        }
        const span = pass.fullyVisibleEnd - pass.fullyVisibleStart + 1;
        // She is in view on these frames: a pose (ankles) on nearly every one.
        expect(idx.length, `pass ${pass.pass}: frames with ankles`).toBeGreaterThanOrEqual(Math.floor(0.95 * span));
        const dir = pass.direction === 'right-to-left' ? -1 : 1;
        const pxPerFrame = slope(idx, xs);
        // Walking speed ~1 m/s across a ~4 m wide 1280 px frame ≈ 5–15 px/frame.
        expect(dir * pxPerFrame, `pass ${pass.pass}: ankle x slope ${pxPerFrame.toFixed(2)} px/frame`).toBeGreaterThan(3);
        const head = xs.slice(0, 10).reduce((a, b) => a + b, 0) / Math.min(10, xs.length);
        const tail = xs.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, xs.length);
        expect(dir * (tail - head), `pass ${pass.pass}: ankles travel across the frame`).toBeGreaterThan(0.4 * track.image.widthPx);
      }

      // The exported track imports back and shows the same frames without the model.
      await page.goto('/#/setup');
      await page.getByTestId('import-track').setInputFiles(await download.path());
      await expect(page.getByTestId('analysis-done')).toContainText(`${events.frameCount} frames`, { timeout: 60_000 });
      expect(app.pageErrors).toEqual([]);
      expectOwnOrigin(app);
    } finally {
      await app.close();
    }
  });
});

test.describe('pose-track import', () => {
  test('a malformed track is refused with a message naming the field', async () => {
    test.setTimeout(120_000);
    const app = await openApp([], '#/setup');
    try {
      const { page } = app;
      const bad = { format: 'gaitscope.pose-track', version: 7, keypointSet: 'blazepose33', keypointNames: [], image: { widthPx: 1, heightPx: 1 }, view: null, frames: [] };
      await page.getByTestId('import-track').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
      await expect(page.getByRole('alert')).toContainText('version');
      await page.getByTestId('import-track').setInputFiles({ name: 'notjson.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
      await expect(page.getByRole('alert')).toContainText('not JSON');
      await expect(page.getByTestId('analysis-done')).toHaveCount(0);
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** Bad video files made in the test setup (tests/.media is gitignored). */
function ensureBadVideos(): Record<'empty' | 'garbage' | 'hevc' | 'truncated', string> {
  mkdirSync(mediaDir, { recursive: true });
  const files = {
    empty: resolve(mediaDir, 'empty.mp4'),
    garbage: resolve(mediaDir, 'garbage.mp4'),
    hevc: resolve(mediaDir, 'hevc.mp4'),
    truncated: resolve(mediaDir, 'truncated.mp4'),
  };
  writeFileSync(files.empty, Buffer.alloc(0));
  // Deterministic bytes that are no container at all.
  writeFileSync(files.garbage, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 251)));
  const ff = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
  if (!existsSync(files.hevc)) ff(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-t', '1', '-c:v', 'libx265', '-tag:v', 'hvc1', files.hevc]);
  const full = resolve(mediaDir, 'short.mp4');
  if (!existsSync(full)) ff(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', full]);
  // The index (moov) is at the start, the frame data is cut after 60 %: like a copy that stopped.
  const bytes = readFileSync(full);
  writeFileSync(files.truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  return files;
}

test.describe('bad video files', () => {
  test('empty, not-a-video, unsupported codec and truncated files each get words and a way back', async () => {
    test.setTimeout(600_000);
    const files = ensureBadVideos();
    const app = await openApp([], '#/setup');
    try {
      const { page } = app;
      const tryFile = async (file: string, words: RegExp) => {
        await page.goto('/#/setup');
        await page.getByTestId('video-file-input').setInputFiles(file);
        await expect(page.getByRole('alert')).toContainText(words, { timeout: 120_000 });
        await page.getByRole('button', { name: 'Back to setup' }).click();
        await expect(page.getByTestId('video-file-input')).toBeAttached();
      };
      await tryFile(files.empty, /empty/);
      await tryFile(files.garbage, /not a video format|damaged/);
      await tryFile(files.hevc, /cannot decode/);
      // A truncated file: the frames before the cut are analysed and the app says where it stopped.
      await page.goto('/#/setup');
      await page.getByTestId('video-file-input').setInputFiles(files.truncated);
      await expect(page.getByTestId('analysis-done')).toBeVisible({ timeout: 300_000 });
      const m = /(\d+) frames/.exec((await page.getByTestId('analysis-done').textContent()) ?? '');
      expect(Number(m?.[1])).toBeGreaterThan(0);
      expect(Number(m?.[1])).toBeLessThan(60);
      await expect(page.getByText(/damaged after frame/)).toBeVisible();
      // The test pattern has nobody in it: the review says so.
      await expect(page.getByText(/No person is visible/)).toBeVisible();
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

test.describe('camera and model failures', () => {
  test('camera permission refused: the app says so and how to allow it', async () => {
    test.setTimeout(120_000);
    // A fake camera but no auto-accepted prompt and no granted permission: the request is refused.
    const app = await openApp(['--use-fake-device-for-media-stream'], '#/setup');
    try {
      await app.page.getByTestId('camera-start').click();
      await expect(app.page.getByRole('alert')).toContainText(/Camera access was refused/, { timeout: 60_000 });
      await expect(app.page.getByRole('alert')).toContainText(/Allow the camera/);
      await expect(app.page.getByTestId('camera-start')).toBeEnabled();
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('no camera: the app says so and offers a video file instead', async () => {
    test.setTimeout(120_000);
    const app = await openApp(fakeCameraArgs(), '#/setup', (context) =>
      context.addInitScript(() => {
        // This machine always has a fake camera; make the browser report none, as a PC without a webcam does.
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
        navigator.mediaDevices.enumerateDevices = () => Promise.resolve([]);
      }),
    );
    try {
      await app.page.getByTestId('camera-start').click();
      await expect(app.page.getByRole('alert')).toContainText(/No camera was found/, { timeout: 60_000 });
      await expect(app.page.getByRole('alert')).toContainText(/video/);
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('model fails to load: the app names the problem and the live view stays usable', async () => {
    test.setTimeout(180_000);
    const app = await openApp(fakeCameraArgs(), '#/setup', (context) =>
      context.route('**/models/blazepose-full/**', (route) => route.fulfill({ status: 404, body: 'not found' })),
    );
    try {
      await app.page.getByTestId('camera-start').click();
      await expect(app.page.getByRole('alert')).toContainText(/pose model/i, { timeout: 120_000 });
      await expect(app.page.getByRole('alert')).toContainText(/blazepose-full/);
      await expect(app.page.getByTestId('live-status')).toContainText(/without the skeleton/);
      await expect(app.page.getByTestId('camera-stop')).toBeEnabled();
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('camera lost mid-recording: what was recorded is kept and analysed', async () => {
    test.skip(!existsSync(walkMp4), NO_DATA);
    test.setTimeout(600_000);
    ensureWalkMjpeg();
    const app = await openApp(fakeCameraArgs(walkMjpeg), '#/setup');
    try {
      const { page } = app;
      await page.getByTestId('camera-start').click();
      await expect.poll(async () => Number(await page.getByTestId('live-overlay').getAttribute('data-keypoints')), { timeout: 180_000 }).toBeGreaterThan(0);
      await page.getByTestId('camera-record').click();
      await expect(page.getByTestId('live-status')).toContainText(/Recording [3-9] s/, { timeout: 60_000 });
      // Unplugging ends the track: the browser fires 'ended' on it (a local stop() would not).
      await page.evaluate(() => {
        const video = document.querySelector('video');
        const track = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0];
        track?.dispatchEvent(new Event('ended'));
      });
      await expect(page.getByTestId('analysis-done')).toBeVisible({ timeout: 500_000 });
      await expect(page.getByText(/camera was disconnected during the recording/)).toBeVisible();
      const m = /(\d+) frames/.exec((await page.getByTestId('analysis-done').textContent()) ?? '');
      expect(Number(m?.[1])).toBeGreaterThan(10);
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

test.describe('offline', () => {
  test('after a first visit, the app reloads and analyses a video with the network off', async () => {
    test.setTimeout(600_000);
    ensureBadVideos();
    const shortVideo = resolve(mediaDir, 'short.mp4');
    const app = await openApp([], '#/');
    try {
      const { page } = app;
      // The service worker has installed (code, wasm and the default model precached).
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return reg.active?.state;
      });
      await page.context().setOffline(true);
      await page.reload();
      await expect(page.getByRole('button', { name: 'New assessment' })).toBeVisible();
      await page.goto('/#/setup');
      await page.getByTestId('video-file-input').setInputFiles(shortVideo);
      await expect(page.getByTestId('analysis-done')).toContainText('60 frames', { timeout: 300_000 });
      // The test pattern has nobody in it; the model ran (offline) and said so.
      await expect(page.getByText(/No person is visible/)).toBeVisible();
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

test.describe('no lost recordings', () => {
  test('a reload mid-recording is followed by an offer to recover it, and the recovered video is analysed', async () => {
    test.skip(!existsSync(walkMp4), NO_DATA);
    test.setTimeout(600_000);
    ensureWalkMjpeg();
    const app = await openApp(fakeCameraArgs(walkMjpeg), '#/setup');
    try {
      const { page } = app;
      await page.getByTestId('camera-start').click();
      await expect.poll(async () => Number(await page.getByTestId('live-overlay').getAttribute('data-keypoints')), { timeout: 180_000 }).toBeGreaterThan(0);
      await page.getByTestId('camera-record').click();
      // Chunks are saved every second; after 4 s a few are on disk.
      await expect(page.getByTestId('live-status')).toContainText(/Recording [4-9] s/, { timeout: 60_000 });
      await page.goto('/');
      await page.reload();
      const offer = page.getByRole('button', { name: 'Recover and analyse' });
      await expect(offer).toBeVisible({ timeout: 30_000 });
      await offer.click();
      await expect(page.getByTestId('analysis-done')).toBeVisible({ timeout: 500_000 });
      const m = /(\d+) frames, a person in (\d+)/.exec((await page.getByTestId('analysis-done').textContent()) ?? '');
      expect(Number(m?.[1])).toBeGreaterThan(10);
      expect(Number(m?.[2])).toBeGreaterThan(0);
      await expect(page.getByText(/interrupted and recovered/)).toBeVisible();
      // Not saved yet (no report shown, no patient record): the stored copy is still offered, so a
      // second crash loses nothing. Discarding it removes it for good.
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Recent sessions' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Recover and analyse' })).toHaveCount(1);
      await page.getByRole('button', { name: 'Discard' }).click();
      await expect(page.getByRole('button', { name: 'Recover and analyse' })).toHaveCount(0);
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Recent sessions' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Recover and analyse' })).toHaveCount(0);
      expect(app.pageErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
