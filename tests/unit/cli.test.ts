/**
 * `gaitscope analyze` as formats.md §3 specifies it: report JSON alone on stdout, exit
 * 0 / 1 / 2, one-line messages that name the file and the problem, no stack traces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../src/pose/node.ts';
import { BLAZEPOSE_33 } from '../../src/kinematics/keypoints.ts';

/** Per-test time limit for spawning the binary (tsx start-up) on a busy machine. */
const LONG = 300_000;
const BIN = join(PROJECT_ROOT, 'bin/gaitscope.mjs');
const MOCAP = resolve(PROJECT_ROOT, '../shared/data/mocap/tracks/PiG_Motion-FlatFoot-Full__sagittal-left__bp33__30fps__clean.json');
const VIDEO = resolve(PROJECT_ROOT, '../shared/data/video/walk-side-indoor.mp4');
if (!existsSync(MOCAP)) console.warn(`SKIP CLI success-path tests: ${MOCAP} not found (shared test data absent)`);

/** Runs main() in-process, capturing both streams. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** Runs the real binary (what a user types). */
function runBin(...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', cwd: PROJECT_ROOT, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineUserError(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^gaitscope: /);
  expect(stderr).not.toMatch(/\n\s+at |Error:/); // no stack trace
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gaitscope-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(MOCAP))('analyze a pose-track JSON', () => {
  it('the real binary: exit 0, a gaitscope.report on stdout and nothing else', () => {
    const r = runBin('analyze', MOCAP, '--view', 'sagittal', '--height-m', '1.505');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { format: string; version: number; view: string; metrics: Record<string, unknown>; flags: unknown[]; exercises: unknown[] };
    expect(report.format).toBe('gaitscope.report');
    expect(report.version).toBe(1);
    expect(report.view).toBe('sagittal');
    expect(Array.isArray(report.flags) && Array.isArray(report.exercises)).toBe(true);
    expect(report.metrics).toHaveProperty('cadenceStepsPerMin');
  }, LONG);

  it('--out writes the report to the file and leaves stdout empty; --keypoints writes the track analysed', async () => {
    const out = join(dir, 'report.json');
    const kp = join(dir, 'track.json');
    const r = await run('analyze', MOCAP, '--out', out, '--keypoints', kp);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBe('gaitscope.report');
    const track = JSON.parse(readFileSync(kp, 'utf8'));
    const original = JSON.parse(readFileSync(MOCAP, 'utf8'));
    expect(track.frames).toHaveLength(original.frames.length);
  });

  it('--csv writes the metrics as CSV next to the JSON report', async () => {
    const csv = join(dir, 'metrics.csv');
    const r = await run('analyze', MOCAP, '--csv', csv, '--height-m', '1.505');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('gaitscope.report');
    const text = readFileSync(csv, 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(3);
    expect(text).toMatch(/cadence/i);
  });

  it('--view auto (the default) says which view it used', async () => {
    const r = await run('analyze', MOCAP);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).view).toBe('sagittal');
  });
});

describe('bad arguments and unreadable input → exit 2, one line naming the file and the problem', () => {
  it('no arguments, unknown subcommand, unknown option, bad --view, bad --height-m, bad --model', async () => {
    for (const argv of [[], ['frobnicate'], ['analyze', 'x.json', '--bogus'], ['analyze', 'x.json', '--view', 'top'], ['analyze', 'x.json', '--height-m', 'tall'], ['analyze', 'x.json', '--height-m', '17'], ['analyze', 'x.json', '--model', 'posenet'], ['analyze']]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout, argv.join(' ')).toBe('');
    }
  });

  it('a nonexistent file', async () => {
    const r = await run('analyze', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expectOneLineUserError(r.stderr);
    expect(r.stderr).toContain('nope.json');
    expect(r.stderr).toMatch(/no such file/);
  });

  it('malformed JSON (syntax), naming the file', async () => {
    const f = join(dir, 'broken.json');
    writeFileSync(f, '{"format": "gaitscope.pose-track", "version": 1,');
    const r = await run('analyze', f);
    expect(r.code).toBe(2);
    expectOneLineUserError(r.stderr);
    expect(r.stderr).toContain('broken.json');
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  it('a JSON that is not a valid pose track, naming the file and the field', async () => {
    const frame = { t: 0, keypoints: BLAZEPOSE_33.map(() => [1, 2, 0.9]) };
    const bad = { format: 'gaitscope.pose-track', version: 7, keypointSet: 'blazepose33', keypointNames: BLAZEPOSE_33, image: { widthPx: 1280, heightPx: 720 }, view: null, frames: [frame] };
    const f = join(dir, 'wrong-version.json');
    writeFileSync(f, JSON.stringify(bad));
    const r = await run('analyze', f);
    expect(r.code).toBe(2);
    expectOneLineUserError(r.stderr);
    expect(r.stderr).toContain('wrong-version.json');
    expect(r.stderr).toContain('version');

    const f2 = join(dir, 'bad-frame.json');
    writeFileSync(f2, JSON.stringify({ ...bad, version: 1, frames: [frame, { t: 'soon', keypoints: frame.keypoints }] }));
    const r2 = await run('analyze', f2);
    expect(r2.code).toBe(2);
    expectOneLineUserError(r2.stderr);
    expect(r2.stderr).toContain('bad-frame.json');
    expect(r2.stderr).toMatch(/frames\[1\]/);
  });

  it('a zero-byte video, a truncated video and a non-video with a video name (the real binary)', () => {
    const empty = join(dir, 'empty.mp4');
    writeFileSync(empty, '');
    const garbage = join(dir, 'garbage.webm');
    writeFileSync(garbage, 'this is not a video\n'.repeat(100));
    const files = [empty, garbage];
    if (existsSync(VIDEO)) {
      const truncated = join(dir, 'truncated.mp4');
      writeFileSync(truncated, readFileSync(VIDEO).subarray(0, 200_000)); // the moov atom is at the end: unreadable
      files.push(truncated);
    }
    for (const f of files) {
      const r = runBin('analyze', f);
      expect(r.code, `${f}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expectOneLineUserError(r.stderr);
      expect(r.stderr).toContain(f);
    }
  }, LONG);

  it('an output path that cannot be written', async () => {
    if (!existsSync(MOCAP)) return;
    const r = await run('analyze', MOCAP, '--out', join(dir, 'no/such/dir/report.json'));
    expect(r.code).toBe(2);
    expectOneLineUserError(r.stderr);
    expect(r.stderr).toContain('no/such/dir/report.json');
  });
});

describe('analysis impossible → exit 1', () => {
  it('a track where nobody was found', async () => {
    const frames = Array.from({ length: 60 }, (_, i) => ({ t: i / 30, keypoints: BLAZEPOSE_33.map(() => [null, null, 0]) }));
    const f = join(dir, 'nobody.json');
    writeFileSync(f, JSON.stringify({ format: 'gaitscope.pose-track', version: 1, keypointSet: 'blazepose33', keypointNames: BLAZEPOSE_33, image: { widthPx: 1280, heightPx: 720 }, view: null, frames }));
    const r = await run('analyze', f);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLineUserError(r.stderr);
    expect(r.stderr).toMatch(/no person/);
  });

  it.skipIf(!existsSync(MOCAP))('a track too short for any step', async () => {
    const track = JSON.parse(readFileSync(MOCAP, 'utf8'));
    track.frames = track.frames.slice(0, 8);
    const f = join(dir, 'short.json');
    writeFileSync(f, JSON.stringify(track));
    const r = await run('analyze', f);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLineUserError(r.stderr);
  });
});
