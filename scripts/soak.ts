/**
 * `npm run soak [-- --minutes 10]` (issue 7; not in CI): N minutes of live pose analysis in
 * headless Debian Chromium on the production build, with the walking video as the webcam
 * (ffmpeg → mjpeg of ../shared/data/video/walk-side-indoor.mp4, looping). Every minute it
 * prints the pose worker's tfjs tensor count and bytes, its wasm and JS heaps, the page's JS
 * heap (after a forced GC) and the live pose rate; at the end, the growth from minute 1 to the
 * last. Builds into a temporary folder and serves it on its own port, so it never touches
 * dist/ or the e2e server. Exits 1 if the live view fails; leaks are reported, not judged.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { chromium, type Browser, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from '../tests/e2e/chromium.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '..');
const VIDEO = resolve(PROJECT_ROOT, '../shared/data/video/walk-side-indoor.mp4');

/** Minutes to run: `--minutes N` or SOAK_MINUTES, default 10. */
function minutesArg(): number {
  const i = process.argv.indexOf('--minutes');
  const v = Number(i >= 0 ? process.argv[i + 1] : (process.env.SOAK_MINUTES ?? 10));
  if (!(v > 0)) throw new Error(`--minutes must be a positive number (got ${String(process.argv[i + 1] ?? process.env.SOAK_MINUTES)})`);
  return v;
}

const log = (s: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${s}`);
const mb = (b: number | null | undefined) => (b == null ? '   n/a' : (b / 1e6).toFixed(1).padStart(6));

/** Pose worker memory as the worker's own 'stats' request reports it (worker-core.ts poseWorkerStats). */
interface WorkerStats {
  numTensors: number;
  tensorBytes: number;
  wasmHeapBytes: number | null;
  jsHeapBytes: number | null;
}

/**
 * Asks the app's pose worker for its stats from inside the worker: a 'stats' request is fed to
 * its message handler and the reply is caught before it reaches the page (the app's client
 * ignores ids it did not send anyway). The app is not changed for this.
 */
async function workerStats(worker: Worker): Promise<WorkerStats> {
  return worker.evaluate(
    () =>
      new Promise<WorkerStats>((resolveStats, reject) => {
        const scope = self as unknown as { postMessage: (m: unknown) => void; onmessage: ((ev: { data: unknown }) => void) | null; gc?: () => void };
        scope.gc?.();
        const id = -Math.floor(Math.random() * 1e9) - 1;
        const post = scope.postMessage;
        const timer = setTimeout(() => {
          scope.postMessage = post;
          reject(new Error('the pose worker did not answer the stats request in 30 s'));
        }, 30_000);
        scope.postMessage = function (this: unknown, msg: unknown, ...rest: unknown[]) {
          const m = msg as { id?: number; ok?: boolean; result?: WorkerStats };
          if (m?.id !== id) return (post as (...a: unknown[]) => void).call(scope, msg, ...rest);
          clearTimeout(timer);
          scope.postMessage = post;
          if (m.ok && m.result) resolveStats(m.result);
          else reject(new Error(`stats request failed: ${JSON.stringify(m)}`));
        };
        if (!scope.onmessage) reject(new Error('the pose worker has no message handler'));
        else scope.onmessage({ data: { id, type: 'stats' } });
      }),
  );
}

async function pageHeapBytes(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    (globalThis as { gc?: () => void }).gc?.();
    return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  });
}

interface Sample {
  minute: number;
  stats: WorkerStats;
  pageHeapBytes: number | null;
  poseFps: number;
  keypointsDrawn: number;
  load1: number;
}

async function main(): Promise<number> {
  const minutes = minutesArg();
  if (!existsSync(VIDEO)) {
    console.log(`SKIP soak: ${VIDEO} not found (shared test data absent)`);
    return 0;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'gaitscope-soak-dist-'));
  const camDir = mkdtempSync(join(tmpdir(), 'gaitscope-soak-cam-'));
  const common = { root: PROJECT_ROOT, configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' as const };
  let server: Awaited<ReturnType<typeof preview>> | null = null;
  let browser: Browser | null = null;
  try {
    const mjpeg = join(camDir, 'walk.mjpeg');
    const ff = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', VIDEO, '-vf', 'scale=640:-2', '-q:v', '5', mjpeg], { encoding: 'utf8' });
    if (ff.status !== 0) throw new Error(`ffmpeg could not make the fake-camera file: ${ff.stderr}`);
    log('building the app (vite build, production settings) into a temporary folder');
    await build({ ...common, build: { outDir, emptyOutDir: true } });
    server = await preview({ ...common, build: { outDir }, preview: { host: '127.0.0.1', port: 4181, strictPort: false } });
    const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4181/';

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...fakeCameraArgs(mjpeg), '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(new URL('#/setup', base).href);
    await page.getByTestId('camera-start').click();
    log('camera started; waiting for the first skeleton');
    const t0 = Date.now();
    while (Number(await page.getByTestId('live-overlay').getAttribute('data-keypoints')) <= 0) {
      if (Date.now() - t0 > 300_000) throw new Error(`no skeleton after 5 minutes; page errors: ${errors.join(' | ') || 'none'}`);
      await page.waitForTimeout(1000);
    }
    const poseWorker = page.workers().find((w) => /pose\.worker/.test(w.url()));
    if (!poseWorker) throw new Error(`pose worker not found among ${page.workers().map((w) => w.url()).join(', ') || 'no workers'}`);
    log(`live; soaking for ${minutes} min (chromium ${browser.version()}, worker ${poseWorker.url().replace(base, '/')})`);

    const sample = async (minute: number): Promise<Sample> => ({
      minute,
      stats: await workerStats(poseWorker),
      pageHeapBytes: await pageHeapBytes(page),
      poseFps: Number(await page.getByTestId('pose-fps').textContent()),
      keypointsDrawn: Number(await page.getByTestId('live-overlay').getAttribute('data-keypoints')),
      load1: Math.round(loadavg()[0]! * 100) / 100,
    });
    const samples: Sample[] = [];
    console.log('minute  tensors  tensorMB  wasmHeapMB  workerJsHeapMB  pageJsHeapMB  poses/s  keypoints  load1');
    const print = (s: Sample) =>
      console.log(
        `${String(s.minute).padStart(6)}  ${String(s.stats.numTensors).padStart(7)}  ${mb(s.stats.tensorBytes).padStart(8)}  ${mb(s.stats.wasmHeapBytes).padStart(10)}  ${mb(s.stats.jsHeapBytes).padStart(14)}  ${mb(s.pageHeapBytes).padStart(12)}  ${s.poseFps.toFixed(1).padStart(7)}  ${String(s.keypointsDrawn).padStart(9)}  ${s.load1}`,
      );
    samples.push(await sample(0));
    print(samples[0]!);
    const start = Date.now();
    for (let m = 1; m <= minutes; m++) {
      const wait = start + m * 60_000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      const s = await sample(m);
      samples.push(s);
      print(s);
      if (errors.length) log(`page errors so far: ${errors.join(' | ')}`);
    }
    const first = samples[Math.min(1, samples.length - 1)]!;
    const last = samples[samples.length - 1]!;
    const growth = (a: number | null, b: number | null) => (a == null || b == null ? 'n/a' : `${((b - a) / 1e6).toFixed(1)} MB`);
    log(
      `from minute ${first.minute} to ${last.minute}: tensors ${first.stats.numTensors} → ${last.stats.numTensors}, ` +
        `wasm heap ${growth(first.stats.wasmHeapBytes, last.stats.wasmHeapBytes)}, worker JS heap ${growth(first.stats.jsHeapBytes, last.stats.jsHeapBytes)}, ` +
        `page JS heap ${growth(first.pageHeapBytes, last.pageHeapBytes)}; page errors: ${errors.length}`,
    );
    if (last.stats.numTensors > first.stats.numTensors) log('WARNING: the tensor count grew: a tensor leak in the pose path');
    if (last.poseFps <= 0 || last.keypointsDrawn <= 0) {
      log('FAIL: the live view stopped producing poses');
      return 1;
    }
    return 0;
  } finally {
    await browser?.close();
    await server?.close();
    for (const d of [outDir, camDir]) rmSync(d, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`soak: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
