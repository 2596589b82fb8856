/**
 * Calibrates the frontal-view event features (src/kinematics/events/frontal.ts FRONTAL_FEATURES) on the motion-capture
 * tracks of ../shared/data/mocap and says how well they generalise:
 * 1. per feature and trial, mean ± SD of (feature extremum − true event): the cycle-finding (first) feature alone by
 *    its prominent extrema; every further feature as the local extremum near where the first puts the event;
 * 2. the offsets the table should hold (mean of the trials' means) next to the ones it holds;
 * 3. the frontal accuracy with those offsets (in-sample) and leave-one-trial-out (each trial analysed with the offsets
 *    measured on the other), the estimate of what an unseen subject would get.
 * Run: npm run calibrate:frontal. Reads the data only; changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeTrack, parsePoseTrack, type GaitReport, type PoseTrack } from '../src/kinematics/index.ts';
import { FRONTAL_FEATURES, withFrontalFeatures, type FrontalFeature, type FrontalFeatureTable } from '../src/kinematics/events/frontal.ts';

const mocap = path.resolve(import.meta.dirname, '../../shared/data/mocap');
if (!existsSync(path.join(mocap, 'tracks/manifest.json'))) {
  console.log(`calibrate-frontal-events SKIPPED: ${mocap} not found (shared data absent)`);
  process.exit(0);
}

type Dir = 'toward' | 'away';
type Kind = 'strike' | 'off';
type Set = 'heel' | 'ankle';
interface Entry { file: string; trial: string; view: string; keypointSet: string; variant: string; truth: string; heightM: number }
interface Truth { durationS: number; events: GaitReport['events']; metrics: Record<string, { left: { mean: number } | null; right: { mean: number } | null } | null> }

const entries = (JSON.parse(readFileSync(path.join(mocap, 'tracks/manifest.json'), 'utf8')) as { tracks: Entry[] }).tracks.filter((e) => e.view === 'frontal');
const tracks = entries.map((e) => ({
  e,
  track: parsePoseTrack(JSON.parse(readFileSync(path.join(mocap, 'tracks', e.file), 'utf8'))) as PoseTrack,
  truth: JSON.parse(readFileSync(path.join(mocap, 'truth', e.truth), 'utf8')) as Truth,
  dir: (e.file.includes('frontal-front') ? 'toward' : 'away') as Dir,
  set: (e.keypointSet === 'coco17' ? 'ankle' : 'heel') as Set,
}));
const trials = [...new Set(entries.map((e) => e.trial))];
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
const sd = (a: number[]): number => Math.sqrt(mean(a.map((x) => (x - mean(a)) ** 2)));
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1] ?? NaN;
const SLOTS = (['toward', 'away'] as const).flatMap((d) => (['strike', 'off'] as const).flatMap((k) => (['heel', 'ankle'] as const).map((s) => [d, k, s] as const)));

/** A copy of FRONTAL_FEATURES with one slot replaced. */
function withSlot(d: Dir, k: Kind, s: Set, feats: FrontalFeature[]): FrontalFeatureTable {
  const t = JSON.parse(JSON.stringify(FRONTAL_FEATURES)) as Record<Dir, Record<Kind, Record<Set, FrontalFeature[]>>>;
  t[d][k][s] = feats;
  return t;
}

/** Events of one slot's kind per track file and side under `table`. */
function eventsOf(d: Dir, k: Kind, s: Set, table: FrontalFeatureTable): Map<string, Record<'left' | 'right', number[]>> {
  const key = k === 'strike' ? 'footStrikeS' : 'footOffS';
  const out = new Map<string, Record<'left' | 'right', number[]>>();
  withFrontalFeatures(table, () => {
    for (const t of tracks) {
      if (t.dir !== d || t.set !== s) continue;
      const rep = analyzeTrack(t.track, { heightM: t.e.heightM });
      out.set(t.e.file, { left: rep.events.left[key], right: rep.events.right[key] });
    }
  });
  return out;
}

/**
 * Per trial: (detected − true) of the events of one slot, detections within 0.3 s; detections equal to one in
 * `exclude` (the cycle-finding feature's own estimate, which stands in when a further feature is not found) are not
 * counted.
 */
function errorsOf(d: Dir, k: Kind, s: Set, table: FrontalFeatureTable, exclude?: Map<string, Record<'left' | 'right', number[]>>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const key = k === 'strike' ? 'footStrikeS' : 'footOffS';
  for (const [file, ev] of eventsOf(d, k, s, table)) {
    const t = tracks.find((x) => x.e.file === file);
    if (!t) continue;
    for (const side of ['left', 'right'] as const) {
      const found = ev[side].filter((x) => !(exclude?.get(file)?.[side] ?? []).some((y) => Math.abs(x - y) < 1e-9));
      for (const tv of t.truth.events[side][key]) {
        const near = found.filter((x) => Math.abs(x - tv) < 0.3).sort((a, b) => Math.abs(a - tv) - Math.abs(b - tv))[0];
        if (near !== undefined) out.set(t.e.trial, [...(out.get(t.e.trial) ?? []), near - tv]);
      }
    }
  }
  return out;
}

// 1-2. Per-trial offsets of every feature.
const perTrial = new Map<string, Map<string, number>[]>(); // slot → per feature: trial → offset
for (const [d, k, s] of SLOTS) {
  const feats = FRONTAL_FEATURES[d][k][s];
  const lead = feats[0];
  if (!lead) continue;
  const rows: Map<string, number>[] = [];
  const leadErr = errorsOf(d, k, s, withSlot(d, k, s, [{ ...lead, offsetS: 0, weight: 1 }]));
  rows.push(new Map([...leadErr].map(([tr, v]) => [tr, mean(v)])));
  const leadMid = mean([...rows[0]!.values()]);
  console.log(`${d} ${k} ${s}: ${lead.joint} ${lead.signal} ${lead.kind > 0 ? 'max' : 'min'}${lead.weight === 0 ? ' (finds the cycle)' : ''}: ${[...leadErr].map(([tr, v]) => `${tr.slice(0, 12)} ${mean(v).toFixed(3)} ± ${sd(v).toFixed(3)} (n ${v.length})`).join(' | ')}; table ${lead.offsetS}, pooled ${leadMid.toFixed(3)}`);
  for (const f of feats.slice(1)) {
    // Searched where the current offset expects it; the measured error is relative to that offset.
    const leadAlone = eventsOf(d, k, s, withSlot(d, k, s, [{ ...lead, offsetS: leadMid, weight: 1 }]));
    const err = errorsOf(d, k, s, withSlot(d, k, s, [{ ...lead, offsetS: leadMid, weight: 0 }, { ...f, weight: 1 }]), leadAlone);
    rows.push(new Map([...err].map(([tr, v]) => [tr, mean(v) + f.offsetS])));
    err.forEach((v, tr) => err.set(tr, v.map((x) => x + f.offsetS)));
    console.log(`${d} ${k} ${s}: + ${f.joint} ${f.signal} ${f.kind > 0 ? 'max' : 'min'}: ${[...err].map(([tr, v]) => `${tr.slice(0, 12)} ${mean(v).toFixed(3)} ± ${sd(v).toFixed(3)} (n ${v.length})`).join(' | ')}; table ${f.offsetS}, pooled ${mean([...rows.at(-1)!.values()]).toFixed(3)}`);
  }
  perTrial.set(`${d}.${k}.${s}`, rows);
}

// 3. In-sample and leave-one-trial-out accuracy.
function tableFor(pick: (offsets: Map<string, number>) => number): FrontalFeatureTable {
  const t = JSON.parse(JSON.stringify(FRONTAL_FEATURES)) as Record<Dir, Record<Kind, Record<Set, FrontalFeature[]>>>;
  for (const [d, k, s] of SLOTS) {
    const rows = perTrial.get(`${d}.${k}.${s}`);
    if (rows) t[d][k][s] = t[d][k][s].map((f, i) => ({ ...f, offsetS: pick(rows[i]!) }));
  }
  return t;
}
for (const mode of ['pooled offsets (in-sample)', 'leave-one-trial-out'] as const) {
  console.log(`\n${mode}: worst per trial × keypoint set × variant`);
  const groups = new Map<string, { ev: number[]; stride: number; step: number; stance: number }>();
  for (const t of tracks) {
    const other = trials.filter((x) => x !== t.e.trial);
    const table = tableFor((o) => mean((mode === 'leave-one-trial-out' ? other : trials).map((tr) => o.get(tr)).filter((x): x is number => x !== undefined)));
    const rep = withFrontalFeatures(table, () => analyzeTrack(t.track, { heightM: t.e.heightM }));
    const g = groups.get(`${t.e.trial.slice(0, 12)} ${t.e.keypointSet} ${t.e.variant}`) ?? { ev: [], stride: 0, step: 0, stance: 0 };
    for (const side of ['left', 'right'] as const)
      for (const key of ['footStrikeS', 'footOffS'] as const)
        for (const tv of t.truth.events[side][key]) {
          const d = Math.min(...rep.events[side][key].map((x) => Math.abs(x - tv)));
          if (d < 0.15) g.ev.push(d);
        }
    for (const [m, key] of [['stride', 'strideTimeS'], ['step', 'stepTimeS'], ['stance', 'stanceFraction']] as const)
      for (const side of ['left', 'right'] as const) {
        const tv = t.truth.metrics[key]?.[side];
        const rv = (rep.metrics as unknown as Truth['metrics'])[key]?.[side];
        if (tv) g[m] = Math.max(g[m], rv ? Math.abs(rv.mean - tv.mean) : Infinity);
      }
    groups.set(`${t.e.trial.slice(0, 12)} ${t.e.keypointSet} ${t.e.variant}`, g);
  }
  for (const [name, g] of groups) console.log(`  ${name.padEnd(34)} event median ${median(g.ev).toFixed(3)} s, stride ${g.stride.toFixed(3)} s, step ${g.step.toFixed(3)} s, stance ${g.stance.toFixed(3)}`);
}
