import { describe, expect, it } from 'vitest';
import { componentHarness } from '../test-harness.ts';
import { toCameraError } from '../../capture/camera.ts';
import type { SetupCheck } from '../../kinematics/setupChecks.ts';
import { makeStandingFigure } from '../../kinematics/postureSynthetic.ts';
import { measurePosture } from '../../kinematics/posture.ts';
import { assessPosture, exercisesForPosture } from './homeAssess.ts';
import type { SavedPosture } from './homeTypes.ts';
import SetupPanel from './SetupPanel.svelte';
import PostureResultView from './PostureResultView.svelte';

const h = componentHarness({ settleRounds: 2, settleMs: 5 });
const { q, settle } = h;

describe('SetupPanel (review M5)', () => {
  it('without camera checks (camera refused, off or starting) there is no "Start anyway": the test could never run', async () => {
    const starts: boolean[] = [];
    h.mount(SetupPanel, { kind: 'posture', view: 'frontal', checks: [], onStart: (o: boolean) => starts.push(o) });
    await settle();
    expect(q('start-anyway')).toBeNull();
    expect(q('setup-no-camera')?.textContent).toMatch(/needs the camera/);
    expect(h.target.textContent).not.toContain('Waiting for the camera…');
    expect(starts).toEqual([]);
  });

  it('with live checks that fail, "Start anyway" is offered and starts with the override', async () => {
    const starts: boolean[] = [];
    const checks: SetupCheck[] = [{ id: 'person', status: 'fail', words: 'No person in view. Step in front of the camera.' }];
    h.mount(SetupPanel, { kind: 'posture', view: 'frontal', checks, onStart: (o: boolean) => starts.push(o) });
    await settle();
    expect(q('setup-no-camera')).toBeNull();
    q<HTMLButtonElement>('start-anyway')?.click();
    expect(starts).toEqual([true]);
  });

  it('the refused-camera words fit the home check too: no "at home", no video file', () => {
    for (const name of ['NotAllowedError', 'NotReadableError']) {
      const e = toCameraError(new DOMException('x', name));
      expect(e.remedy).toMatch(/start the camera again\.$/);
      expect(e.remedy).not.toMatch(/at home|video file/);
    }
  });
});

describe('PostureResultView with a tilted camera (review H6)', () => {
  it('shows the level measures as not judged, with the tilt, and lists nothing to work on for them', async () => {
    const { names } = makeStandingFigure();
    const frames = Array.from({ length: 10 }, (_, i) => makeStandingFigure({ heightPx: 800, floorYPx: 950, centerXPx: 500, cameraRollDeg: 10, t: i / 10 }).frame);
    const r = measurePosture(frames, names, 'frontal');
    const measures = assessPosture(r, { status: 'fail', tiltDeg: 10 });
    const exercises = exercisesForPosture(measures);
    const result: SavedPosture = { view: 'frontal', measures, exerciseIds: exercises.map((e) => e.id), override: { failing: ['Camera is tilted about 10°.'] }, stillS: 3, frameCount: r.frameCount, warnings: [] };
    h.mount(PostureResultView, { result, exercises });
    await settle();
    for (const id of ['shoulderLevelDeg', 'pelvicLevelDeg', 'headTiltDeg', 'trunkShiftBodyHeights']) {
      const li = q(`posture-measure-${id}`);
      expect(li?.getAttribute('data-judged'), id).toBe('no');
      expect(li?.textContent, id).toContain('Not judged: the camera was not level (tilted about 10°)');
      expect(li?.textContent, id).not.toMatch(/usual range/);
    }
    expect(q('posture-not-judged')?.textContent).toMatch(/shoulder level, pelvis \(hip\) level, head tilt, trunk shift/);
    expect(h.target.textContent).toContain('Nothing could be judged this time: the camera was not level.');
    expect(h.target.textContent).not.toContain('What to work on');
  });
});
