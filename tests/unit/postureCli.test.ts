/**
 * `gaitscope posture INPUT [--view frontal|sagittal]`: posture JSON from a pose track, a video and an
 * image; exit 1 without a person, exit 2 for unreadable input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command, CommanderError } from 'commander';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { postureCommand, type PostureJson } from '../../src/cli/commands/posture.ts';
import { makeContext } from '../../src/cli/context.ts';
import { CliError } from '../../src/cli/errors.ts';
import { PROJECT_ROOT } from '../../src/pose/node.ts';
import { makeStandingFigure, type StandingFigureOptions } from '../../src/kinematics/postureSynthetic.ts';
import type { PoseTrack } from '../../src/kinematics/types.ts';
import type { BlazePoseName } from '../../src/kinematics/keypoints.ts';

const STATIC_VIDEO = resolve(PROJECT_ROOT, '../shared/data/video/pose2sim-static-cam01.mp4');
const LONG = 300_000;

/** Runs the `posture` subcommand in-process (as main() would), capturing stdout/stderr and the exit status. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx = makeContext({ write: (s: string) => (stdout += s) }, { write: (s: string) => (stderr += s) });
  const program = new Command('gaitscope').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  postureCommand.register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, stdout, stderr: stderr + e.message };
    if (e instanceof CommanderError) return { code: 2, stdout, stderr };
    throw e;
  }
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gaitscope-posture-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTrack(name: string, opts: StandingFigureOptions, seconds = 4, fps = 10, view: PoseTrack['view'] = null): string {
  const frames = Array.from({ length: seconds * fps + 1 }, (_, i) => makeStandingFigure({ ...opts, t: i / fps }).frame);
  const track: PoseTrack = {
    format: 'gaitscope.pose-track',
    version: 1,
    keypointSet: 'blazepose33',
    keypointNames: [...makeStandingFigure().names] as BlazePoseName[],
    image: { widthPx: 1000, heightPx: 1000 },
    view,
    frames,
  };
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(track));
  return file;
}
const measure = (j: PostureJson, id: string) => j.measures.find((m) => m.id === id)!;

describe('gaitscope posture on a pose track', () => {
  it('front view (decided from the keypoints): known tilts, with norm and finding per measure', async () => {
    const file = writeTrack('front.json', { view: 'back', pelvicTiltDeg: 4, shoulderTiltDeg: -1, headTiltDeg: 2 });
    const r = await run('posture', file);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as PostureJson;
    expect(j).toMatchObject({ format: 'gaitscope.posture', version: 1, view: 'frontal', viewSource: 'auto' });
    expect(j.window.still).toBe(true);
    expect(j.window.durationS).toBeGreaterThanOrEqual(3);
    expect(measure(j, 'pelvicLevelDeg').value).toBeCloseTo(4, 5);
    expect(measure(j, 'pelvicLevelDeg')).toMatchObject({ unit: 'deg', within: false });
    expect(measure(j, 'pelvicLevelDeg').finding).toMatch(/right hip sits higher/);
    expect(measure(j, 'shoulderLevelDeg')).toMatchObject({ within: true });
    expect(measure(j, 'shoulderLevelDeg').norm).toMatch(/3°/);
    expect(measure(j, 'forwardHeadDeg')).toMatchObject({ measurable: false, value: null, reason: 'needs a side view', norm: null });
  });

  it('--view sagittal on a side-view track: forward-head proxy and trunk lean', async () => {
    const file = writeTrack('side.json', { view: 'side', facing: -1, forwardHeadDeg: 44, trunkForwardLeanDeg: 2 });
    const r = await run('posture', file, '--view', 'sagittal');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as PostureJson;
    expect(j.viewSource).toBe('given');
    expect(measure(j, 'forwardHeadDeg').value).toBeCloseTo(44, 5);
    expect(measure(j, 'forwardHeadDeg').within).toBe(false);
    expect(measure(j, 'forwardHeadDeg').source).toMatch(/Lau/);
    expect(measure(j, 'trunkForwardLeanDeg').value).toBeCloseTo(2, 5);
  });

  it('a track without a person exits 1; a missing file or a bad --view exits 2', async () => {
    const empty: PoseTrack = {
      format: 'gaitscope.pose-track',
      version: 1,
      keypointSet: 'blazepose33',
      keypointNames: [...makeStandingFigure().names] as BlazePoseName[],
      image: { widthPx: 100, heightPx: 100 },
      view: null,
      frames: [0, 0.1].map((t) => ({ t, keypoints: makeStandingFigure().names.map(() => [null, null, 0] as [null, null, number]) })),
    };
    const file = join(dir, 'empty.json');
    writeFileSync(file, JSON.stringify(empty));
    const none = await run('posture', file);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no person/);
    const missing = await run('posture', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json/);
    expect((await run('posture', file, '--view', 'up')).code).toBe(2);
  });
});

describe.skipIf(!existsSync(STATIC_VIDEO))('gaitscope posture on real media (pose model in Node)', () => {
  it('a video of a man standing still: every front-view measure, from the still part', async () => {
    const r = await run('posture', STATIC_VIDEO, '--view', 'frontal');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as PostureJson;
    expect(j.input).toMatchObject({ kind: 'video', frames: 11 });
    for (const id of ['shoulderLevelDeg', 'pelvicLevelDeg', 'headTiltDeg', 'trunkShiftBodyHeights']) {
      const m = measure(j, id);
      expect(m.measurable, `${id}: ${m.reason}`).toBe(true);
      expect(typeof m.finding).toBe('string');
    }
    // T-pose from behind, filmed by a high lab camera rolled about 10°: every pair tilts the same way.
    const tilts = ['shoulderLevelDeg', 'pelvicLevelDeg', 'headTiltDeg'].map((id) => measure(j, id).value!);
    for (const t of tilts) expect(Math.abs(t)).toBeLessThan(20);
    expect(new Set(tilts.map(Math.sign)).size).toBe(1);
    expect(Math.abs(measure(j, 'trunkShiftBodyHeights').value!)).toBeLessThan(0.1);
    expect(j.window.frames).toBeGreaterThanOrEqual(3);
  }, LONG);

  it('an image (one frame of that video): measured on a single frame, and says so', async () => {
    const png = join(dir, 'still.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', STATIC_VIDEO, '-frames:v', '1', png]);
    const r = await run('posture', png);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as PostureJson;
    expect(j.input).toMatchObject({ kind: 'image', frames: 1 });
    expect(j.view).toBe('frontal');
    expect(j.warnings.join(' ')).toMatch(/single frame/);
    expect(measure(j, 'shoulderLevelDeg').measurable).toBe(true);
  }, LONG);
});

if (!existsSync(STATIC_VIDEO)) console.warn(`SKIP posture CLI media tests: ${STATIC_VIDEO} not found (shared test data absent)`);
