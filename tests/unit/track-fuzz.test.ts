/**
 * Issue 7, bad input: random and mutated pose-track files never crash the reader and never
 * import partially. parsePoseTrack either returns the whole track (every frame, every keypoint,
 * as in the file) or throws a TrackFormatError whose `field` names the offending field; and
 * analyzeTrack on any VALID track returns a report that itself passes parseReport, or throws
 * AnalysisImpossibleError, nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AnalysisImpossibleError, KEYPOINT_NAMES, TrackFormatError, analyzeTrack, makeSyntheticWalk, parsePoseTrack, parseReport,
  type KeypointSet, type KeypointTuple, type PoseTrack,
} from '../../src/kinematics/index.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A real valid track of either keypoint set (4 s of synthetic walking with gaps), as a file would hold it. */
const BASE: Record<KeypointSet, Json> = {
  blazepose33: clone(makeSyntheticWalk({ keypointSet: 'blazepose33', durationS: 4, gaps: 3, seed: 7 }).track) as unknown as Json,
  coco17: clone(makeSyntheticWalk({ keypointSet: 'coco17', camera: 'frontal-front', durationS: 4, gaps: 3, seed: 8 }).track) as unknown as Json,
};

/** A field path as TrackFormatError writes it: "frames[3].keypoints[2]", "image.widthPx", "(root)". */
const FIELD_SYNTAX = /^(\(root\)|[A-Za-z_$][\w$]*(\[\d+\]|\.[\w$]+)*)$/;

type Outcome = { ok: true; track: PoseTrack } | { ok: false; error: TrackFormatError };

/** Runs the reader; anything thrown that is not a TrackFormatError fails the test with its stack. */
function read(input: unknown): Outcome {
  try {
    return { ok: true, track: parsePoseTrack(input) };
  } catch (e) {
    if (!(e instanceof TrackFormatError)) throw new Error(`parsePoseTrack threw ${(e as Error)?.name ?? typeof e} instead of TrackFormatError: ${(e as Error)?.stack ?? String(e)}`, { cause: e });
    expect(e.field).toMatch(FIELD_SYNTAX);
    expect(e.message.startsWith(`${e.field}: `)).toBe(true);
    expect(e.message.length).toBeGreaterThan(e.field.length + 2);
    return { ok: false, error: e };
  }
}

/** An accepted track is the whole file: same frames, same times, same keypoints, and valid again on re-reading. */
function expectWhole(input: unknown, track: PoseTrack): void {
  const file = input as { frames: { t: number; keypoints: KeypointTuple[] }[]; keypointNames: string[] };
  expect(track.frames).toHaveLength(file.frames.length);
  expect(track.keypointNames).toEqual(file.keypointNames);
  track.frames.forEach((f, i) => {
    expect(f.t).toBe(file.frames[i]!.t);
    expect(f.keypoints).toEqual(file.frames[i]!.keypoints);
    expect(f.keypoints).toHaveLength(track.keypointNames.length);
  });
  expect(() => parsePoseTrack(clone(track))).not.toThrow();
}

/** Reads the value at a path of segments ('frames', 3, 't'). */
function at(root: Json, path: (string | number)[]): Json | undefined {
  let cur: Json | undefined = root;
  for (const p of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, Json>)[p] : undefined;
  return cur;
}

const fieldOf = (path: (string | number)[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || '(root)';

/** The error names the mutated field, or a field that contains it, or one inside it. */
function expectNames(error: TrackFormatError, mutatedField: string): void {
  const f = error.field;
  const related = f === mutatedField || mutatedField.startsWith(`${f}.`) || mutatedField.startsWith(`${f}[`) || f.startsWith(`${mutatedField}.`) || f.startsWith(`${mutatedField}[`);
  expect(related, `mutated ${mutatedField}, error names ${f} (${error.message})`).toBe(true);
}

const set = fc.constantFrom<KeypointSet>('blazepose33', 'coco17');
const nFrames = (s: KeypointSet) => (BASE[s] as { frames: unknown[] }).frames.length;
const nKp = (s: KeypointSet) => KEYPOINT_NAMES[s].length;

/** Values no numeric field accepts. */
const badNumber = fc.oneof(
  fc.constant(Number.NaN), fc.constant(Infinity), fc.constant(-Infinity), fc.constant('12.5'), fc.constant('NaN'),
  fc.constant(true), fc.constant({}), fc.constant([1]), fc.constant(undefined),
);

describe('parsePoseTrack on random input', () => {
  it('any JSON value, or any JS value, is refused with a TrackFormatError (never another error)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withSparseArray: true })), (v) => {
        const r = read(v);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('the right header with random fields is refused naming a field, or accepted whole', () => {
    fc.assert(
      fc.property(
        set,
        fc.dictionary(fc.constantFrom('keypointSet', 'keypointNames', 'image', 'view', 'subject', 'source', 'frames', 'extra'), fc.jsonValue({ maxDepth: 4 })),
        (s, rest) => {
          const base = BASE[s] as Record<string, Json>;
          const input = { ...base, ...rest, format: 'gaitscope.pose-track', version: 1 };
          const r = read(input);
          if (r.ok) expectWhole(input, r.track);
          else expect(Object.keys(rest).some((k) => r.error.field === k || r.error.field.startsWith(`${k}.`) || r.error.field.startsWith(`${k}[`))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the text of a real track cut anywhere is either not JSON or refused (never a partial track)', () => {
    const text = JSON.stringify(BASE.coco17);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), (cut) => {
        let json: unknown;
        try {
          json = JSON.parse(text.slice(0, cut));
        } catch {
          return; // the file reader reports "not valid JSON" before the track reader runs
        }
        expect(read(json).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parsePoseTrack on mutated real tracks', () => {
  it('the unmutated tracks are accepted whole (the base of every mutation below)', () => {
    for (const s of ['blazepose33', 'coco17'] as const) {
      const r = read(clone(BASE[s]));
      expect(r.ok).toBe(true);
      if (r.ok) expectWhole(BASE[s], r.track);
    }
  });

  it('a required field deleted is refused naming that field', () => {
    const required = [['format'], ['version'], ['keypointSet'], ['keypointNames'], ['image'], ['image', 'widthPx'], ['image', 'heightPx'], ['view'], ['frames']];
    fc.assert(
      fc.property(set, fc.oneof(fc.constantFrom(...required), fc.tuple(fc.nat(), fc.constantFrom('t', 'keypoints')).map(([i, k]) => ['frames', i, k])), (s, path) => {
        const p = path.map((x) => (typeof x === 'number' ? x % nFrames(s) : x));
        const input = clone(BASE[s]);
        delete (at(input, p.slice(0, -1)) as Record<string | number, Json>)[p[p.length - 1]!];
        const r = read(input);
        expect(r.ok, `deleted ${fieldOf(p)}`).toBe(false);
        if (!r.ok) expectNames(r.error, fieldOf(p));
      }),
      { numRuns: 150 },
    );
  });

  it('a wrong type anywhere in the header is refused naming the field', () => {
    const fields = [['format'], ['version'], ['keypointSet'], ['keypointNames'], ['image'], ['image', 'widthPx'], ['image', 'heightPx'], ['view'], ['frames'], ['subject', 'heightM']];
    fc.assert(
      fc.property(set, fc.constantFrom(...fields), fc.oneof(badNumber, fc.constant('sideways'), fc.constant(-3), fc.constant(0), fc.constant(null), fc.constant([])), (s, path, value) => {
        const input = clone(BASE[s]) as Record<string, Json>;
        const before = at(input, path);
        (at(input, path.slice(0, -1)) as Record<string, unknown>)[path[path.length - 1]!] = value;
        // A few replacements are valid values of that field (view: null; heightM: null or absent; frames: []): those must be accepted whole.
        const r = read(input);
        if (r.ok) {
          const f = fieldOf(path);
          const valid = (f === 'view' && value === null) || (f === 'subject.heightM' && (value === null || value === undefined)) || (f === 'frames' && Array.isArray(value) && value.length === 0);
          expect(valid, `accepted ${f} = ${JSON.stringify(value)} (was ${JSON.stringify(before)?.slice(0, 80)})`).toBe(true);
          expectWhole(input, r.track);
        } else expectNames(r.error, fieldOf(path));
      }),
      { numRuns: 300 },
    );
  });

  it('NaN, Infinity, strings and other non-numbers in a keypoint or a time are refused naming that frame', () => {
    fc.assert(
      fc.property(set, fc.nat(), fc.nat(), fc.integer({ min: -1, max: 2 }), badNumber, (s, fi, ki, slot, value) => {
        const input = clone(BASE[s]) as { frames: { t: unknown; keypoints: unknown[][] }[] };
        const i = fi % input.frames.length;
        const k = ki % nKp(s);
        let path: (string | number)[];
        if (slot === -1) {
          input.frames[i]!.t = value;
          path = ['frames', i, 't'];
        } else {
          input.frames[i]!.keypoints[k]![slot] = value;
          path = ['frames', i, 'keypoints', k];
        }
        const r = read(input);
        expect(r.ok, `${fieldOf(path)} = ${String(value)}`).toBe(false);
        if (!r.ok) expectNames(r.error, fieldOf(path));
      }),
      { numRuns: 400 },
    );
  });

  it('a score outside 0..1, half-null points and malformed keypoint tuples are refused naming the keypoint', () => {
    const bad: Json[] = [[1, 2, 1.5], [1, 2, -0.1], [null, 2, 0], [1, null, 0.5], [1, 2], [1, 2, 0.5, 9], [], 'x', null, { x: 1, y: 2, score: 0.5 }, [null, null, null]];
    fc.assert(
      fc.property(set, fc.nat(), fc.nat(), fc.constantFrom(...bad), (s, fi, ki, value) => {
        const input = clone(BASE[s]) as { frames: { keypoints: Json[] }[] };
        const i = fi % input.frames.length;
        const k = ki % nKp(s);
        input.frames[i]!.keypoints[k] = value;
        const r = read(input);
        expect(r.ok, JSON.stringify(value)).toBe(false);
        if (!r.ok) expectNames(r.error, fieldOf(['frames', i, 'keypoints', k]));
      }),
      { numRuns: 200 },
    );
  });

  it('a time that does not increase is refused naming the frame', () => {
    fc.assert(
      fc.property(set, fc.nat(), fc.constantFrom(0, 1e-12, 0.5, 1000), fc.boolean(), (s, fi, back, swap) => {
        const input = clone(BASE[s]) as { frames: { t: number }[] };
        const i = 1 + (fi % (input.frames.length - 1));
        if (swap) [input.frames[i - 1], input.frames[i]] = [input.frames[i]!, input.frames[i - 1]!];
        else input.frames[i]!.t = input.frames[i - 1]!.t - back; // equal (back 0) or earlier
        const r = read(input);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.field).toMatch(/^frames\[\d+\]\.t$/);
          const j = Number(/\[(\d+)\]/.exec(r.error.field)![1]);
          expect([i, i + 1]).toContain(j); // the frame whose time is not after its predecessor
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a wrong keypoint count in one frame, or wrong/duplicate/unknown keypoint names, is refused naming the field', () => {
    fc.assert(
      fc.property(set, fc.nat(), fc.integer({ min: -5, max: 40 }).filter((d) => d !== 0), fc.constantFrom('count', 'names-short', 'names-dup', 'names-unknown', 'other-set'), (s, fi, delta, kind) => {
        const input = clone(BASE[s]) as { keypointSet: string; keypointNames: string[]; frames: { keypoints: Json[] }[] };
        const i = fi % input.frames.length;
        let field: string;
        if (kind === 'count') {
          const kps = input.frames[i]!.keypoints;
          if (delta < 0) kps.splice(0, -delta);
          else for (let d = 0; d < delta; d++) kps.push([1, 2, 0.5]);
          field = `frames[${i}].keypoints`;
        } else if (kind === 'names-short') {
          input.keypointNames.pop();
          field = 'keypointNames';
        } else if (kind === 'names-dup') {
          input.keypointNames[1] = input.keypointNames[0]!;
          field = 'keypointNames';
        } else if (kind === 'names-unknown') {
          input.keypointNames[i % input.keypointNames.length] = '<script>alert(1)</script>';
          field = 'keypointNames';
        } else {
          input.keypointSet = s === 'coco17' ? 'blazepose33' : 'coco17';
          field = 'keypointNames';
        }
        const r = read(input);
        expect(r.ok, kind).toBe(false);
        if (!r.ok) expectNames(r.error, field);
      }),
      { numRuns: 200 },
    );
  });

  it('an unknown format or version is refused naming "format" or "version", whatever else the file holds', () => {
    fc.assert(
      fc.property(
        set,
        fc.oneof(fc.record({ format: fc.oneof(fc.string(), fc.constant('gaitscope.report'), fc.constant('Gaitscope.Pose-Track'), fc.constant(undefined)) }), fc.record({ version: fc.oneof(fc.integer(), fc.constant('1'), fc.constant(1.0000001), fc.constant(null), fc.constant(2)) })),
        (s, patch) => {
          const input = { ...(BASE[s] as Record<string, Json>), ...patch } as Record<string, unknown>;
          const r = read(input);
          const key = 'format' in patch ? 'format' : 'version';
          if (input[key] === (key === 'format' ? 'gaitscope.pose-track' : 1)) return; // fast-check produced the valid value
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.field).toBe(key);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random deep mutations (delete or replace any value at any depth) give a whole track or a TrackFormatError', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(set, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), badNumber), (s, choices, del, value) => {
        const input = clone(BASE[s]);
        let cur = input as Record<string, unknown>;
        const path: (string | number)[] = [];
        for (const c of choices) {
          const keys = Object.keys(cur);
          if (keys.length === 0) break;
          const key = Array.isArray(cur) ? (c % keys.length) : keys[c % keys.length]!;
          path.push(key);
          const child = cur[key];
          if (child === null || typeof child !== 'object' || path.length === choices.length) {
            if (del) {
              if (Array.isArray(cur)) cur.splice(key as number, 1);
              else delete cur[key];
            } else cur[key] = value;
            break;
          }
          cur = child as Record<string, unknown>;
        }
        const r = read(input);
        if (r.ok) {
          expectWhole(input, r.track);
          accepted++;
        } else refused++;
      }),
      { numRuns: 500 },
    );
    expect(refused).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(0); // e.g. a deleted optional field or a whole frame removed
  });

  it('huge arrays: 20 000 valid frames are read whole; a frame with 100 000 keypoints and 100 000 bad frames are refused naming the field', () => {
    const base = BASE.coco17 as { frames: { t: number; keypoints: Json[] }[] };
    const kps = base.frames[0]!.keypoints;
    const big = { ...(base as object), frames: Array.from({ length: 20_000 }, (_, i) => ({ t: i / 30, keypoints: kps })) };
    const r1 = read(big);
    expect(r1.ok).toBe(true);
    if (r1.ok) expect(r1.track.frames).toHaveLength(20_000);

    const wide = clone(base);
    wide.frames[5]!.keypoints = Array.from({ length: 100_000 }, () => [1, 2, 0.5]);
    const r2 = read(wide);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.field).toBe('frames[5].keypoints');

    const junk = { ...(base as object), frames: Array.from({ length: 100_000 }, (_, i) => ({ t: String(i), keypoints: 'none' })) };
    const r3 = read(junk);
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error.field).toMatch(/^frames\[0\]\.(t|keypoints)$/);

    const longNames = { ...(base as object), keypointNames: Array.from({ length: 100_000 }, (_, i) => `k${i}`) };
    const r4 = read(longNames);
    expect(r4.ok).toBe(false);
    if (!r4.ok) expect(r4.error.field).toBe('keypointNames');
  });
});

/** A random VALID track: any keypoints (including negative and far outside the image), gaps, all-null frames, 1..n frames. */
const validTrack = fc
  .record({
    set,
    widthPx: fc.integer({ min: 1, max: 4000 }),
    heightPx: fc.integer({ min: 1, max: 4000 }),
    view: fc.constantFrom('sagittal', 'frontal', null),
    heightM: fc.option(fc.double({ min: 0.5, max: 2.9, noNaN: true }), { nil: undefined }),
    dts: fc.array(fc.double({ min: 1e-4, max: 2, noNaN: true }), { minLength: 0, maxLength: 150 }),
    mode: fc.constantFrom('random', 'all-null', 'sparse', 'still'),
    seed: fc.integer(),
  })
  .map(({ set: s, widthPx, heightPx, view, heightM, dts, mode, seed }): PoseTrack => {
    let x = seed >>> 0 || 1;
    const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const names = KEYPOINT_NAMES[s];
    let t = rnd() * 10;
    const frames = [0, ...dts].map((dt) => {
      t += dt;
      const keypoints = names.map((): KeypointTuple => {
        if (mode === 'all-null' || (mode === 'sparse' && rnd() < 0.8)) return [null, null, 0];
        if (mode === 'still') return [widthPx / 2, heightPx / 2, 1];
        return [(rnd() - 0.25) * widthPx * 1.5, (rnd() - 0.25) * heightPx * 1.5, rnd()];
      });
      return { t, keypoints };
    });
    return {
      format: 'gaitscope.pose-track', version: 1, keypointSet: s, keypointNames: [...names], image: { widthPx, heightPx }, view,
      ...(heightM !== undefined ? { subject: { heightM } } : {}), frames,
    };
  });

/** A real walk perturbed: noise, dropped keypoints, dropped frames, a pause, still valid. */
const perturbedWalk = fc
  .record({
    set,
    camera: fc.constantFrom('sagittal-left', 'sagittal-right', 'frontal-front', 'frontal-back') as fc.Arbitrary<'sagittal-left' | 'sagittal-right' | 'frontal-front' | 'frontal-back'>,
    durationS: fc.double({ min: 0.3, max: 6, noNaN: true }),
    noiseFraction: fc.double({ min: 0, max: 0.2, noNaN: true }),
    gaps: fc.nat(8),
    swaps: fc.nat(8),
    dropFraction: fc.double({ min: 0, max: 0.95, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .map(({ set: s, camera, durationS, noiseFraction, gaps, swaps, dropFraction, seed }) => {
    const track = makeSyntheticWalk({ keypointSet: s, camera, durationS, noiseFraction, gaps, swaps, seed }).track;
    let x = seed;
    const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    track.frames = track.frames.filter(() => rnd() > dropFraction / 3);
    for (const f of track.frames) for (let k = 0; k < f.keypoints.length; k++) if (rnd() < dropFraction) f.keypoints[k] = [null, null, 0];
    return track;
  });

/** analyzeTrack's only allowed failure; a report must be a valid formats.md §2 report (no NaN, no Infinity). */
function analyzeOrImpossible(track: PoseTrack, options: Parameters<typeof analyzeTrack>[1]): 'report' | 'impossible' {
  expect(() => parsePoseTrack(clone(track)), 'generator made an invalid track').not.toThrow();
  let report;
  try {
    report = analyzeTrack(track, options);
  } catch (e) {
    if (e instanceof AnalysisImpossibleError) {
      expect(e.message.length).toBeGreaterThan(5);
      return 'impossible';
    }
    throw new Error(`analyzeTrack threw ${(e as Error)?.name} on a valid track (${track.frames.length} frames, ${track.keypointSet}, options ${JSON.stringify(options)}): ${(e as Error)?.stack ?? String(e)}`, { cause: e });
  }
  expect(() => parseReport(JSON.parse(JSON.stringify(report))), 'the report does not pass parseReport').not.toThrow();
  // JSON.stringify turns NaN/Infinity into null: the report before serialising must already be finite where numeric.
  expect(parseReport(report).format).toBe('gaitscope.report');
  return 'report';
}

const analyzeOptions = fc.record({
  view: fc.constantFrom(undefined, 'auto', 'sagittal', 'frontal') as fc.Arbitrary<'auto' | 'sagittal' | 'frontal' | undefined>,
  heightM: fc.option(fc.double({ min: 0.5, max: 2.6, noNaN: true }), { nil: null }),
  live: fc.boolean(),
});

describe('analyzeTrack on valid tracks: a report or AnalysisImpossibleError, nothing else', () => {
  it('random keypoints, gaps, single frames, all-null frames, a person standing still', () => {
    const seen = { report: 0, impossible: 0 };
    fc.assert(
      fc.property(validTrack, analyzeOptions, (track, options) => {
        seen[analyzeOrImpossible(track, options)]++;
      }),
      { numRuns: 300 },
    );
    expect(seen.impossible).toBeGreaterThan(0);
    console.info(`random valid tracks: ${seen.report} reports, ${seen.impossible} analysis impossible`);
  });

  it('real walks with noise, label swaps, dropped frames and dropped keypoints', () => {
    const seen = { report: 0, impossible: 0 };
    fc.assert(
      fc.property(perturbedWalk, analyzeOptions, (track, options) => {
        seen[analyzeOrImpossible(track, options)]++;
      }),
      { numRuns: 120 },
    );
    expect(seen.report).toBeGreaterThan(10);
    console.info(`perturbed walks: ${seen.report} reports, ${seen.impossible} analysis impossible`);
  });

  it('the edge cases named in issue 7, explicitly', () => {
    const names = KEYPOINT_NAMES.blazepose33;
    const base = { format: 'gaitscope.pose-track' as const, version: 1 as const, keypointSet: 'blazepose33' as const, keypointNames: [...names], image: { widthPx: 1280, heightPx: 720 }, view: null };
    const kp = (): KeypointTuple[] => names.map((_, i) => [600 + i, 100 + 10 * i, 0.9]);
    // No frames at all, one frame, all-null frames: "no person", not a crash.
    for (const frames of [[], [{ t: 0, keypoints: kp() }], Array.from({ length: 90 }, (_, i) => ({ t: i / 30, keypoints: names.map((): KeypointTuple => [null, null, 0]) }))]) {
      expect(analyzeOrImpossible({ ...base, frames }, {})).toBe('impossible');
    }
    // Two frames a second apart, identical points (nobody walks): a report with nothing measured, or impossible.
    expect(['report', 'impossible']).toContain(analyzeOrImpossible({ ...base, frames: [{ t: 0, keypoints: kp() }, { t: 1, keypoints: kp() }] }, { view: 'sagittal' }));
    // Timestamps 1 µs apart and hours apart.
    expect(['report', 'impossible']).toContain(analyzeOrImpossible({ ...base, frames: Array.from({ length: 50 }, (_, i) => ({ t: i * 1e-6, keypoints: kp() })) }, {}));
    expect(['report', 'impossible']).toContain(analyzeOrImpossible({ ...base, frames: Array.from({ length: 50 }, (_, i) => ({ t: i * 3600, keypoints: kp() })) }, {}));
    // Huge coordinates.
    expect(['report', 'impossible']).toContain(analyzeOrImpossible({ ...base, frames: Array.from({ length: 60 }, (_, i) => ({ t: i / 30, keypoints: names.map((): KeypointTuple => [1e300 * (i % 2 ? 1 : -1), 1e300, 1]) })) }, {}));
  });
});
