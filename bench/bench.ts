/**
 * `npm run bench`: performance figures of the pose pipeline (never pass/fail), measured in
 * one run in headless Debian Chromium and in Node; prints a table and writes
 * bench/results.json (issue 6). The machine is shared: load averages at start and end are
 * part of the result. Skips with a message when ../shared/data is absent.
 *
 * Options (env): BENCH_QUICK=1 (fewer frames, no 2000-frame leak run, no per-model video gait run), BENCH_SKIP_NODE=1,
 * BENCH_SKIP_BROWSER=1, BENCH_WEBGL=0 (skip the slow SwiftShader WebGL figure),
 * BENCH_OUT=path (write the results elsewhere), BENCH_PIPELINE_ONLY=1 (only the app's file analysis: decode-only and the default model;
 * for A/B of src/capture changes — no raw, live or first-pose figures, so no overhead ratio).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createReadStream, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, type Plugin } from 'vite';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from '../tests/e2e/chromium.ts';
import { PROJECT_ROOT } from '../src/pose/node.ts';
import { benchPoseNode } from './pose-node.ts';
import { benchDetectorSkip } from './detector-skip.ts';
import { benchDownscaleAccuracy } from './accuracy-downscale.ts';
import { benchKinematics } from '../src/kinematics/bench.ts';
import { benchVideoModels, nearestFrameError } from './video-models.ts';

const DATA = resolve(PROJECT_ROOT, '../shared/data');
const VIDEO = join(DATA, 'video/walk-side-indoor.mp4');
const EVENTS = join(DATA, 'video/walk-side-indoor.events.json');
const OUT = process.env.BENCH_OUT ? resolve(process.env.BENCH_OUT) : join(PROJECT_ROOT, 'bench/results.json');
const QUICK = process.env.BENCH_QUICK === '1';
const LEAK_RUNS = QUICK ? 2 : 6; // growth measured after the first run: 5 × 401 = 2005 frames
const DEFAULT_MODEL = 'blazepose-full';
const PIPELINE_ONLY = process.env.BENCH_PIPELINE_ONLY === '1';

type Json = Record<string, unknown>;
const results: Json = {};
const la = () => loadavg().map((v) => Math.round(v * 100) / 100);
const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;
const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

/** Serves @mediapipe/pose's runtime files at /bench-mediapipe/ (bench only: the app does not ship them). */
function mediapipeAssets(): Plugin {
  const dir = join(PROJECT_ROOT, 'node_modules/@mediapipe/pose');
  const serve = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const url = (req.url ?? '').split('?')[0] ?? '';
    if (!url.startsWith('/bench-mediapipe/')) return next();
    const file = join(dir, url.slice('/bench-mediapipe/'.length));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', String(statSync(file).size));
    createReadStream(file).pipe(res);
  };
  return { name: 'bench-mediapipe', configurePreviewServer: (s) => void s.middlewares.use(serve) };
}

async function nodeSide(): Promise<void> {
  log('Node: kinematics');
  // Best of 7 timed runs (the least disturbed on a shared machine), with the median beside it.
  const kin = benchKinematics(QUICK ? 120 : 600, 7);
  results.kinematicsSecondsPerHourOfTrack = r2(kin.secondsPerHourOfTrack);
  results.kinematicsMedianSecondsPerHourOfTrack = r2(kin.medianSecondsPerHourOfTrack);
  const kinFrontal = benchKinematics(QUICK ? 120 : 600, 7, 'frontal');
  results.kinematicsSecondsPerHourOfTrackFrontal = r2(kinFrontal.secondsPerHourOfTrack);
  results.kinematicsMedianSecondsPerHourOfTrackFrontal = r2(kinFrontal.medianSecondsPerHourOfTrack);
  log('Node: BlazePose detector calls while tracking');
  results.detectorSkip = await benchDetectorSkip(VIDEO);
  log('Node: keypoint accuracy vs input size (tfjs-pose_squats.mp4)');
  results.downscaleAccuracy = await benchDownscaleAccuracy([null, 640, 480]);
  log('Node: raw models and CLI');
  results.node = await benchPoseNode();
  if (!QUICK) {
    log('Node: gait events of each pose model on the real video (pass 1 vs the hand annotation)');
    results.videoGaitEventsByModel = benchVideoModels(VIDEO, EVENTS);
  }
}

async function browserSide(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'gaitscope-bench-'));
  const userDir = mkdtempSync(join(tmpdir(), 'gaitscope-bench-profile-'));
  const camDir = mkdtempSync(join(tmpdir(), 'gaitscope-bench-cam-'));
  const common = { root: PROJECT_ROOT, configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' as const, plugins: [mediapipeAssets()] };
  let server: Awaited<ReturnType<typeof preview>> | null = null;
  let browser: Browser | null = null;
  try {
    log('building the bench page (vite build, production settings)');
    await build({ ...common, build: { outDir, emptyOutDir: true, rollupOptions: { input: join(PROJECT_ROOT, 'bench/bench.html') } } });
    server = await preview({ ...common, build: { outDir }, preview: { host: '127.0.0.1', port: 4180, strictPort: false } });
    const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4180/';
    const pageUrl = new URL('bench/bench.html', base).href;
    const mjpeg = join(camDir, 'walk.mjpeg');
    const ff = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', VIDEO, '-vf', 'scale=640:-2', '-q:v', '5', mjpeg]);
    if (ff.status !== 0) throw new Error(`ffmpeg failed: ${ff.stderr}`);
    const args = [...CHROMIUM_ARGS, ...fakeCameraArgs(mjpeg), '--js-flags=--expose-gc', '--enable-precise-memory-info'];

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
    results.chromium = browser.version();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.route('**/bench-media/walk.mp4', (route) => route.fulfill({ path: VIDEO, contentType: 'video/mp4' }));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`  page: ${m.text()}`);
    });
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'gaitBench' in window);
    const call = <T>(fn: string, arg: unknown): Promise<T> =>
      page.evaluate(([f, a]) => (window as unknown as { gaitBench: Record<string, (x: unknown) => Promise<unknown>> }).gaitBench[f as string]!(a), [fn, arg] as const) as Promise<T>;

    // --- raw model, per model and backend, same frames ---
    const warmup = 3;
    const timed = QUICK ? 8 : 20;
    const raw: Json = {};
    const rawKeypoints: Record<string, (number | null)[][][]> = {};
    const rawCases: { key: string; arg: Json }[] = [];
    for (const model of ['blazepose-full', 'blazepose-lite', 'movenet-lightning', 'movenet-thunder']) {
      rawCases.push({ key: `chromium.wasm.${model}.1280x720`, arg: { model, backend: 'wasm', decodeWidthPx: null, warmup, timed } });
    }
    for (const model of ['blazepose-full', 'blazepose-lite']) {
      rawCases.push({ key: `chromium.wasm.${model}.640x360`, arg: { model, backend: 'wasm', decodeWidthPx: 640, warmup, timed } });
      // Estimator downscale of ImageBitmaps (createImageBitmap resize in src/pose since this bench; tf.image.resizeBilinear before).
      rawCases.push({ key: `chromium.wasm.${model}.1280x720-resize640`, arg: { model, backend: 'wasm', decodeWidthPx: null, maxInputSidePx: 640, warmup, timed } });
    }
    rawCases.push({ key: 'chromium.webgpu.blazepose-full.1280x720', arg: { model: 'blazepose-full', backend: 'webgpu', decodeWidthPx: null, warmup: 1, timed: 3 } });
    if (process.env.BENCH_WEBGL !== '0') {
      rawCases.push({ key: 'chromium.webgl.blazepose-full.640x360', arg: { model: 'blazepose-full', backend: 'webgl', decodeWidthPx: 640, warmup: 1, timed: 3 } });
    }
    if (PIPELINE_ONLY) rawCases.length = 0;
    for (const c of rawCases) {
      log(`Chromium raw ${c.key}`);
      const r = await call<Json & { keypoints?: (number | null)[][][] }>('raw', c.arg);
      if (r.keypoints) rawKeypoints[c.key] = r.keypoints;
      delete r.keypoints;
      raw[c.key] = r;
    }
    for (const [key, mc] of PIPELINE_ONLY ? [] : [['chromium.mediapipe-cpu.blazepose-full.1280x720', 1], ['chromium.mediapipe-cpu.blazepose-lite.1280x720', 0], ['chromium.mediapipe-cpu.blazepose-full.640x360', 1]] as const) {
      log(`Chromium raw ${key}`);
      try {
        const r = await call<Json & { keypoints?: (number | null)[][][] }>('mediapipe', { modelComplexity: mc, cpu: true, decodeWidthPx: key.endsWith('640x360') ? 640 : null, warmup, timed });
        if (r.keypoints) rawKeypoints[key] = r.keypoints;
        delete r.keypoints;
        raw[key] = r;
      } catch (e) {
        raw[key] = { error: (e as Error).message.split('\n')[0] };
      }
    }
    results.rawModelMsPerFrame = raw;
    results.keypointAgreementPx = agreement(rawKeypoints, 'chromium.wasm.blazepose-full.1280x720');

    // --- the app's file analysis ---
    const pipe: Json = {};
    log('Chromium pipeline: decode only (null model)');
    pipe['decode-only'] = await call('pipeline', { model: DEFAULT_MODEL, backend: 'auto', runs: 1, nullModel: true });
    const variants: { key: string; arg: Json }[] = [
      { key: `${DEFAULT_MODEL}.app-default`, arg: { model: DEFAULT_MODEL, backend: 'auto', runs: LEAK_RUNS } },
      // The app's default uses several wasm threads (both cores on a 2-core machine); this forces one, for comparison.
      { key: `${DEFAULT_MODEL}.threads1`, arg: { model: DEFAULT_MODEL, backend: 'auto', runs: 1, wasmThreads: 1 } },
      { key: `${DEFAULT_MODEL}.fullsize`, arg: { model: DEFAULT_MODEL, backend: 'auto', maxInputSidePx: 0, runs: 1 } },
      { key: 'blazepose-lite.app-default', arg: { model: 'blazepose-lite', backend: 'auto', runs: 1 } },
    ];
    if (PIPELINE_ONLY) variants.splice(2);
    const tracks: Record<string, unknown[]> = {};
    for (const v of variants) {
      log(`Chromium pipeline ${v.key} (${(v.arg.runs as number) * 401} frames)`);
      const r = await call<Json & { keypoints: unknown[] }>('pipeline', v.arg);
      tracks[v.key] = r.keypoints;
      delete (r as Json).keypoints;
      pipe[v.key] = r;
    }
    results.pipeline = pipe;
    const def = pipe[`${DEFAULT_MODEL}.app-default`] as { msPerFrame: number; frames: number; durationS: number; wallMs: number[]; memory: { numTensors: number; tensorBytes: number; wasmHeapBytes: number | null; jsHeapBytes: number | null; pageJsHeapBytes: number | null }[] };
    // Same model, same input handling: 1280×720 frames downscaled to 640 by the estimator (the worker's default).
    const rawDef = raw[`chromium.wasm.${DEFAULT_MODEL}.1280x720-resize640`] as { msPerFrame: number } | undefined;
    const rawFull = raw[`chromium.wasm.${DEFAULT_MODEL}.1280x720`] as { msPerFrame: number } | undefined;
    const full = pipe[`${DEFAULT_MODEL}.fullsize`] as { msPerFrame: number } | undefined;
    results.pipelineMsPerFrame = def.msPerFrame;
    const thr1 = pipe[`${DEFAULT_MODEL}.threads1`] as { msPerFrame: number; wasmThreads: number | null; backend: string } | undefined;
    if (thr1) {
      results.wasmThreads1VsDefault = {
        ratio: r2(thr1.msPerFrame / def.msPerFrame), threads1MsPerFrame: thr1.msPerFrame, threads1Backend: thr1.backend, threads1WasmThreads: thr1.wasmThreads,
        defaultMsPerFrame: def.msPerFrame, defaultThreads: (def as { wasmThreads?: number | null }).wasmThreads ?? null,
      };
    }
    if (rawDef) results.pipelineOverheadRatio = r2(def.msPerFrame / rawDef.msPerFrame);
    if (full && rawFull) results.pipelineOverheadRatioFullsize = r2(full.msPerFrame / rawFull.msPerFrame);
    const wallSorted = [...def.wallMs].sort((a, b) => a - b);
    results.offlineRealtimeFactor = r2(def.durationS / ((wallSorted[Math.floor(wallSorted.length / 2)] ?? NaN) / 1000));
    const m0 = def.memory[1] ?? def.memory[0]; // after the first run: caches and pools are warm
    const mN = def.memory[def.memory.length - 1];
    if (m0 && mN) {
      results.leakFrames = (def.memory.length - 2) * def.frames;
      results.tensorGrowth = mN.numTensors - m0.numTensors;
      const mb = (a: number | null, b: number | null) => (a !== null && b !== null ? (b - a) / 2 ** 20 : 0);
      results.heapGrowthMB = r1(mb(m0.wasmHeapBytes, mN.wasmHeapBytes) + mb(m0.jsHeapBytes, mN.jsHeapBytes) + mb(m0.pageJsHeapBytes, mN.pageJsHeapBytes));
      results.heapGrowthParts = { wasmMB: r1(mb(m0.wasmHeapBytes, mN.wasmHeapBytes)), workerJsMB: r1(mb(m0.jsHeapBytes, mN.jsHeapBytes)), pageJsMB: r1(mb(m0.pageJsHeapBytes, mN.pageJsHeapBytes)) };
    }
    results.footStrikeAgreement = footStrikes(pipe);
    results.footStrikesVsFullsize = strikesVs(pipe, `${DEFAULT_MODEL}.fullsize`);
    results.trackAgreementPx = agreement(tracks as Record<string, (number | null)[][][]>, `${DEFAULT_MODEL}.app-default`);

    if (PIPELINE_ONLY) return;
    // --- live loop with the fake camera ---
    log('Chromium live loop (fake camera)');
    results.live = await call('live', { model: DEFAULT_MODEL, backend: 'auto', seconds: QUICK ? 8 : 15 });
    const lv = results.live as { liveFps: number; liveLatencyMs: number };
    results.liveFps = lv.liveFps;
    results.liveLatencyMs = lv.liveLatencyMs;
    await ctx.close();

    // --- first pose: fresh profile (cold) then reload (warm HTTP cache) ---
    log('Chromium first pose, cold and warm');
    const pctx = await chromium.launchPersistentContext(userDir, { executablePath: CHROMIUM_PATH, args, headless: true });
    const fp = pctx.pages()[0] ?? (await pctx.newPage());
    const first = async (p: Page) => {
      await p.goto(`${pageUrl}?first&model=${DEFAULT_MODEL}`);
      const h = await p.waitForFunction(() => {
        const w = window as unknown as { firstPoseMs?: number; firstPoseError?: string; modelReadyMs?: number };
        return w.firstPoseMs !== undefined ? { firstPoseMs: Math.round(w.firstPoseMs), modelReadyMs: Math.round(w.modelReadyMs ?? NaN) } : w.firstPoseError ? { error: w.firstPoseError } : undefined;
      }, undefined, { timeout: 180_000 });
      return (await h.jsonValue()) as { firstPoseMs?: number; modelReadyMs?: number; error?: string };
    };
    const cold = await first(fp);
    const warm = await first(fp);
    results.firstPoseMs = { cold: cold.firstPoseMs ?? null, warm: warm.firstPoseMs ?? null };
    results.firstPoseDetail = { cold, warm };
    await pctx.close();
  } finally {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.httpServer.close(() => r()) : r()));
    for (const d of [outDir, userDir, camDir]) rmSync(d, { recursive: true, force: true });
  }
}

/** Median and 95th-percentile distance (px in 1280×720) of leg keypoints between each variant and `ref`, frame by frame. */
function agreement(sets: Record<string, (number | null)[][][]>, ref: string): Json {
  const a = sets[ref];
  const out: Json = {};
  if (!a) return out;
  // BlazePose 33: hips 23/24, knees 25/26, ankles 27/28, heels 29/30, foot index 31/32.
  const legs = [23, 24, 25, 26, 27, 28, 29, 30, 31, 32];
  for (const [key, b] of Object.entries(sets)) {
    if (key === ref || !b || b.length !== a.length || (b[0]?.length ?? 0) !== 33) continue;
    const d: number[] = [];
    a.forEach((fa, i) =>
      legs.forEach((j) => {
        const p = fa[j];
        const q = b[i]?.[j];
        if (p && q && p[0] != null && p[1] != null && q[0] != null && q[1] != null) d.push(Math.hypot(p[0] - q[0], p[1] - q[1]));
      }),
    );
    d.sort((x, y) => x - y);
    out[key] = { legMedianPx: r1(d[Math.floor(d.length / 2)] ?? NaN), legP95Px: r1(d[Math.floor(d.length * 0.95)] ?? NaN), n: d.length };
  }
  return out;
}

/** Foot strikes of each variant matched to the reference variant's (same foot, nearest): how many within 1 frame, unmatched on either side. */
function strikesVs(pipe: Json, ref: string): Json {
  const a = (pipe[ref] as { footStrikeS?: Record<string, number[]> } | undefined)?.footStrikeS;
  const out: Json = {};
  if (!a) return out;
  for (const [key, v] of Object.entries(pipe)) {
    const b = (v as { footStrikeS?: Record<string, number[]> }).footStrikeS;
    if (!b || key === ref) continue;
    let within1 = 0;
    let refStrikes = 0;
    let worst = 0;
    for (const side of ['left', 'right']) {
      for (const t of a[side] ?? []) {
        refStrikes++;
        const d = Math.min(Infinity, ...(b[side] ?? []).map((u) => Math.abs(u - t) * 30));
        if (d <= 1.001) within1++;
        if (d <= 5) worst = Math.max(worst, d);
      }
    }
    const n = (b.left?.length ?? 0) + (b.right?.length ?? 0);
    out[key] = { refStrikes, strikes: n, within1Frame: within1, maxMatchedErrFrames: r1(worst) };
  }
  return out;
}

/** Foot strikes of each pipeline variant vs the default and vs the hand annotation (frames at 30 fps). */
function footStrikes(pipe: Json): Json {
  const truth = existsSync(EVENTS) ? (JSON.parse(readFileSync(EVENTS, 'utf8')) as { events: { foot: string; type: string; frame: number }[] }).events.filter((e) => e.type === 'footStrike') : [];
  const out: Json = {};
  for (const [key, v] of Object.entries(pipe)) {
    const fs = (v as { footStrikeS?: Record<string, number[]> }).footStrikeS;
    if (!fs) continue;
    const errs: number[] = [];
    let missed = 0;
    for (const e of truth) {
      const best = nearestFrameError(fs[e.foot] ?? [], e.frame, 30);
      if (best <= 3) errs.push(best);
      else missed++;
    }
    errs.sort((a, b) => a - b);
    out[key] = { strikes: (fs.left?.length ?? 0) + (fs.right?.length ?? 0), annotated: truth.length, matchedWithin3Frames: errs.length, missed, medianErrFrames: r1(errs[Math.floor(errs.length / 2)] ?? NaN), maxErrFrames: r1(errs[errs.length - 1] ?? NaN) };
  }
  return out;
}

function table(): void {
  const rows: [string, string][] = [];
  const add = (k: string, v: unknown) => rows.push([k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  add('load average start (1/5/15 min)', results.loadAvgStart);
  add('chromium', results.chromium);
  for (const [k, v] of Object.entries((results.rawModelMsPerFrame as Json) ?? {})) {
    const r = v as { msPerFrame?: number; error?: string; backend?: string };
    add(`raw ${k} ms/frame`, r.error ? `n/a (${r.error})` : r.msPerFrame);
  }
  for (const [k, v] of Object.entries((results.node as Json) ?? {})) add(k, v);
  for (const [k, v] of Object.entries((results.pipeline as Json) ?? {})) {
    const r = v as { msPerFrame: number; decodeInferenceMsPerFrame?: number; backend?: string; wallMs: number[] };
    add(`pipeline ${k} ms/frame`, `${r.msPerFrame}${r.backend ? ` (${r.backend}; runs ${r.wallMs.join(', ')} ms)` : ''}`);
  }
  for (const k of ['pipelineMsPerFrame', 'wasmThreads1VsDefault', 'pipelineOverheadRatio', 'pipelineOverheadRatioFullsize', 'offlineRealtimeFactor', 'liveFps', 'liveLatencyMs', 'firstPoseMs', 'firstPoseDetail', 'leakFrames', 'tensorGrowth', 'heapGrowthMB', 'heapGrowthParts', 'kinematicsSecondsPerHourOfTrack', 'kinematicsMedianSecondsPerHourOfTrack', 'kinematicsSecondsPerHourOfTrackFrontal', 'kinematicsMedianSecondsPerHourOfTrackFrontal', 'detectorSkip', 'keypointAgreementPx', 'trackAgreementPx', 'footStrikeAgreement', 'footStrikesVsFullsize', 'downscaleAccuracy', 'live']) {
    if (k in results) add(k, results[k]);
  }
  add('load average end (1/5/15 min)', results.loadAvgEnd);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('\n' + rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'));
}

if (!existsSync(VIDEO)) {
  console.log(`SKIP bench: ${VIDEO} not found (shared test data absent; expected at ../shared/data relative to the project root)`);
  process.exit(0);
}
results.startedAt = new Date().toISOString();
results.cpus = cpus().length;
results.loadAvgStart = la();
log(`load average ${la().join(' ')}`);
try {
  if (process.env.BENCH_SKIP_NODE !== '1') await nodeSide();
  if (process.env.BENCH_SKIP_BROWSER !== '1') await browserSide();
} finally {
  results.loadAvgEnd = la();
  results.finishedAt = new Date().toISOString();
  writeFileSync(OUT, JSON.stringify(results, null, 1) + '\n');
  table();
  log(`wrote ${OUT}`);
}
