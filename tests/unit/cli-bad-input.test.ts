/**
 * Issue 7, bad input at the command line: the cases tests/unit/cli.test.ts does not cover.
 * `gaitscope posture` with every bad input of issue 7; `gaitscope analyze` with a directory,
 * an HEVC video, an empty track file, outputs that cannot be written (missing folder, a folder,
 * a full disk) and a long video, which must be streamed (peak memory bounded and independent
 * of the file's size). Each failure: exit 1 or 2, ONE line on stderr that names the file and
 * the problem, no stack trace, nothing on stdout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../src/pose/node.ts';
import { BLAZEPOSE_33 } from '../../src/kinematics/keypoints.ts';

const LONG = 600_000;
const BIN = join(PROJECT_ROOT, 'bin/gaitscope.mjs');
const MOCAP = resolve(PROJECT_ROOT, '../shared/data/mocap/tracks/PiG_Motion-FlatFoot-Full__sagittal-left__bp33__30fps__clean.json');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
const hasX265 = hasFfmpeg && /libx265/.test(spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout);
const hasTimeV = existsSync('/usr/bin/time');
if (!hasFfmpeg) console.warn('SKIP CLI video bad-input tests: ffmpeg not on PATH');
if (hasFfmpeg && !hasX265) console.warn('SKIP the HEVC case: this ffmpeg has no libx265 encoder');
if (!existsSync(MOCAP)) console.warn(`SKIP CLI output-path tests that need a valid track: ${MOCAP} not found (shared test data absent)`);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

function runBin(argv: string[], wrap: string[] = []): { code: number | null; stdout: string; stderr: string } {
  const cmd = wrap.length ? wrap[0]! : process.execPath;
  const args = wrap.length ? [...wrap.slice(1), process.execPath, BIN, ...argv] : [BIN, ...argv];
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: PROJECT_ROOT, timeout: LONG * 3, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The user error line: `gaitscope: <file>: <problem>`; the rest of stderr may only be progress or warnings. */
function expectUserError(r: { code: number | null; stdout: string; stderr: string }, code: 1 | 2, file: string, problem: RegExp): void {
  const lines = r.stderr.trim().split('\n').filter((l) => !/^(analyze|posture): |^warning: /.test(l));
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(lines[0]).toMatch(/^gaitscope: /);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(problem);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
}

const ff = (args: string[]) => {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${r.stderr}`);
};

let dir = '';
const media = { empty: '', garbage: '', truncated: '', short: '', cutMid: '', hevc: '', track: '', badTrack: '', emptyTrack: '', binTrack: '', dirJson: '', dirMp4: '' };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gaitscope-cli-bad-'));
  media.empty = join(dir, 'empty.mp4');
  writeFileSync(media.empty, '');
  media.garbage = join(dir, 'garbage.mov');
  writeFileSync(media.garbage, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 251)));
  media.emptyTrack = join(dir, 'empty-track.json');
  writeFileSync(media.emptyTrack, '');
  media.binTrack = join(dir, 'binary.json');
  writeFileSync(media.binTrack, Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x00, 0x01, 0x80]));
  media.badTrack = join(dir, 'bad-keypoint.json');
  const frame = { t: 0, keypoints: BLAZEPOSE_33.map(() => [1, 2, 0.9]) };
  writeFileSync(media.badTrack, JSON.stringify({ format: 'gaitscope.pose-track', version: 1, keypointSet: 'blazepose33', keypointNames: BLAZEPOSE_33, image: { widthPx: 1280, heightPx: 720 }, view: null, frames: [frame, { t: 1, keypoints: [...frame.keypoints.slice(1), ['NaN', 2, 0.9]] }] }));
  media.dirJson = join(dir, 'folder.json');
  mkdirSync(media.dirJson);
  media.dirMp4 = join(dir, 'folder.mp4');
  mkdirSync(media.dirMp4);
  if (hasFfmpeg) {
    // Index at the start, frame data cut after 40 %: a copy that stopped; and the same clip with its index cut away.
    media.short = join(dir, 'short.mp4');
    ff(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', media.short]);
    const bytes = readFileSync(media.short);
    media.truncated = join(dir, 'truncated.mp4');
    writeFileSync(media.truncated, bytes.subarray(0, 600));
    media.cutMid = join(dir, 'cut-mid.mp4');
    writeFileSync(media.cutMid, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  }
  if (hasX265) {
    media.hevc = join(dir, 'hevc.mp4');
    ff(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-t', '1', '-c:v', 'libx265', '-tag:v', 'hvc1', '-x265-params', 'log-level=error', media.hevc]);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gaitscope posture: every bad input of issue 7 that applies', () => {
  it('a missing file, a directory, an empty file and a file that is not JSON, read as a pose track → exit 2', async () => {
    expectUserError(await run('posture', join(dir, 'nope.json')), 2, 'nope.json', /no such file/);
    expectUserError(await run('posture', media.dirJson), 2, media.dirJson, /is a directory/);
    expectUserError(await run('posture', media.emptyTrack), 2, media.emptyTrack, /is empty/);
    expectUserError(await run('posture', media.binTrack), 2, media.binTrack, /not valid JSON/);
  });

  it('a malformed pose track → exit 2 naming the file and the field', async () => {
    expectUserError(await run('posture', media.badTrack), 2, media.badTrack, /frames\[1\]\.keypoints\[32\]/);
  });

  it.skipIf(!hasFfmpeg)('a zero-byte, a corrupt and a truncated video, and a directory named like a video → exit 2 (the real binary)', () => {
    const cases: [string, RegExp][] = [
      [media.empty, /not a readable video|empty/],
      [media.garbage, /not a readable video/],
      [media.truncated, /not a readable video|no frame could be decoded/],
      [media.dirMp4, /directory/i],
    ];
    for (const [file, problem] of cases) expectUserError(runBin(['posture', file]), 2, file, problem);
  }, LONG);

  it.skipIf(!existsSync(MOCAP))('an output path that cannot be written → exit 2 naming it (missing folder, a folder, a full disk)', async () => {
    // posture reads a still track best; any valid track will do for the output error.
    for (const [out, problem] of [[join(dir, 'no/such/dir/posture.json'), /no such file|no such directory/i], [dir, /directory/i], ['/dev/full', /no space/i]] as const) {
      if (out === '/dev/full' && !existsSync('/dev/full')) continue;
      const r = await run('posture', MOCAP, '--out', out);
      expectUserError(r, 2, out, problem);
    }
  });
});

describe('gaitscope analyze: the cases cli.test.ts does not have', () => {
  it('a directory as input, named like a track or like a video → exit 2', async () => {
    expectUserError(await run('analyze', media.dirJson), 2, media.dirJson, /is a directory/);
    expectUserError(await run('analyze', media.dirMp4), 2, media.dirMp4, /is a directory/);
  });

  it('an empty and a binary file with a .json name → exit 2', async () => {
    expectUserError(await run('analyze', media.emptyTrack), 2, media.emptyTrack, /is empty/);
    expectUserError(await run('analyze', media.binTrack), 2, media.binTrack, /not valid JSON/);
  });

  it('a NaN keypoint in a track → exit 2 naming the field', async () => {
    expectUserError(await run('analyze', media.badTrack), 2, media.badTrack, /frames\[1\]\.keypoints\[32\]/);
  });

  it.skipIf(!existsSync(MOCAP))('an output that is a folder or a full disk → exit 2 naming it; nothing half-written on stdout', async () => {
    for (const opt of ['--out', '--csv', '--keypoints']) {
      expectUserError(await run('analyze', MOCAP, opt, dir), 2, dir, /directory/i);
      if (existsSync('/dev/full')) expectUserError(await run('analyze', MOCAP, opt, '/dev/full'), 2, '/dev/full', /no space/i);
    }
  });

  it.skipIf(!hasFfmpeg)('an unwritable --out with a video input fails before the model is loaded', () => {
    const r = runBin(['analyze', media.short, '--out', join(dir, 'missing/report.json')]);
    expectUserError(r, 2, 'missing/report.json', /no such directory/);
    expect(r.stderr).not.toMatch(/loading pose model/);
  }, LONG);

  it.skipIf(!hasFfmpeg)('a video cut short after its index (a copy that stopped): the frames before the cut are analysed; no person → exit 1', () => {
    const r = runBin(['analyze', media.cutMid]);
    expectUserError(r, 1, media.cutMid, /no person found/);
    const frames = Number(/\((\d+) frames, none with a pose\)/.exec(r.stderr)?.[1]);
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(60);
    console.info(`cut-mid video: ${r.stderr.trim().split('\n').filter((l) => !/^analyze: /.test(l)).join(' / ')}`);
  }, LONG);

  // ffmpeg exits 0 on an mp4 whose frame data is cut; the CLI compares the decoded count with the container's.
  it.skipIf(!hasFfmpeg)('a video cut short after its index says on stderr that it stopped early', () => {
    const r = runBin(['analyze', media.cutMid]);
    expect(r.stderr).toMatch(/^warning: .*(stopped|cut|damaged|incomplete|only \d+ of \d+)/m);
  }, LONG);

  it.skipIf(!hasX265)('an HEVC video: ffmpeg decodes it (unlike Chromium); the test pattern has no person → exit 1 "no person"', () => {
    expectUserError(runBin(['analyze', media.hevc]), 1, media.hevc, /no person found/);
    expectUserError(runBin(['posture', media.hevc]), 1, 'hevc.mp4', /no person found/);
  }, LONG);
});

/** Peak resident memory (kB → bytes) of the node process running `gaitscope analyze`, from GNU time -v. */
function peakRssBytes(stderr: string): number {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!m) throw new Error(`no peak RSS in /usr/bin/time output: ${stderr.slice(-500)}`);
  return Number(m[1]) * 1024;
}

describe.skipIf(!hasFfmpeg || !hasTimeV)('a long video is streamed, not loaded whole', () => {
  it('2 minutes of 720p at 5 fps (~115 MB, noisy test pattern: 600 frames through the model): exit 1 "no person", peak memory < 1.5 GB and within 0.5× the file size of a 5 s clip', () => {
    // Noise keeps the encoder from compressing it to nothing, so a whole-file read would show in the peak.
    const make = (file: string, seconds: number) =>
      ff(['-f', 'lavfi', '-i', `testsrc=size=1280x720:rate=5,noise=alls=25:allf=t`, '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '22', '-pix_fmt', 'yuv420p', file]);
    const long = join(dir, 'long-720p.mp4');
    const short = join(dir, 'short-720p.mp4');
    make(long, 120);
    make(short, 5);
    const longBytes = statSync(long).size;
    const timeV = ['/usr/bin/time', '-v'];
    const rs = runBin(['analyze', short], timeV);
    const rl = runBin(['analyze', long], timeV);
    // GNU time appends "Command exited with non-zero status 1" and its report: keep only what gaitscope wrote.
    const strip = (s: string) => s.slice(0, s.search(/^(Command exited with|\tCommand being timed)/m)).trimEnd();
    for (const [r, f] of [[rs, short], [rl, long]] as const) expectUserError({ ...r, stderr: strip(r.stderr) }, 1, f, /no person found/);
    expect(rl.stderr).toMatch(/600 frames, none with a pose/);
    const peakShort = peakRssBytes(rs.stderr);
    const peakLong = peakRssBytes(rl.stderr);
    console.info(`long video ${(longBytes / 1e6).toFixed(0)} MB, 120 s 1280x720 @5 fps: peak RSS ${(peakLong / 1e6).toFixed(0)} MB; 5 s clip: ${(peakShort / 1e6).toFixed(0)} MB; difference ${((peakLong - peakShort) / 1e6).toFixed(0)} MB`);
    expect(longBytes).toBeGreaterThan(60e6);
    expect(peakLong).toBeLessThan(1.5e9);
    expect(peakLong - peakShort).toBeLessThan(0.5 * longBytes);
  }, LONG * 3);
});
