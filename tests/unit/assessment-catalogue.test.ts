import { describe, expect, it } from 'vitest';
import {
  EXERCISES,
  EXERCISE_CATEGORY_ORDER,
  FLAG_EXERCISES,
  FLAG_IDS,
  FLAG_RULES,
  MAINTENANCE_EXERCISES,
  NORMS,
  POSTURE_EXERCISES,
  SAFETY_TEXT,
  RED_FLAGS,
  exerciseById,
} from '../../src/assessment/index.ts';

describe('exercise catalogue', () => {
  it('has at least 20 exercises with unique kebab-case ids', () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(20);
    const ids = EXERCISES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('every entry is complete', () => {
    for (const e of EXERCISES) {
      for (const k of ['id', 'name', 'category', 'dose', 'easier', 'harder', 'evidence', 'illustration'] as const) {
        expect(e[k].trim(), `${e.id}.${k}`).not.toBe('');
      }
      expect(e.steps.length, `${e.id}.steps`).toBeGreaterThanOrEqual(2);
      expect(e.targets.length, `${e.id}.targets`).toBeGreaterThanOrEqual(1);
      expect(e.cautions.length, `${e.id}.cautions`).toBeGreaterThanOrEqual(1);
      for (const s of [...e.steps, ...e.targets, ...e.cautions]) expect(s.trim(), e.id).not.toBe('');
      expect(EXERCISE_CATEGORY_ORDER).toContain(e.category);
      // evidence is a citation: authors and a year
      expect(e.evidence, `${e.id}.evidence`).toMatch(/(19|20)\d\d/);
      expect(e.easier).not.toBe(e.harder);
    }
  });
  it('covers the hip-preservation programme', () => {
    const cats = new Set(EXERCISES.map((e) => e.category));
    for (const c of EXERCISE_CATEGORY_ORDER) expect(cats, c).toContain(c);
    const targets = EXERCISES.flatMap((e) => e.targets).join(' | ').toLowerCase();
    for (const t of ['gluteus medius', 'gluteus minimus', 'gluteus maximus', 'quadriceps', 'hamstrings', 'hip flexors', 'core', 'footwear', 'sitting', 'lifting', 'standing', 'activity modification']) {
      expect(targets, t).toContain(t);
    }
  });
  it('carries hip-preservation cautions (FAI/labrum, surgery clearance)', () => {
    const all = EXERCISES.flatMap((e) => e.cautions).join(' ');
    expect(all).toMatch(/labral tear/);
    expect(all).toMatch(/turning the knee inward/);
    expect(all).toMatch(/surgeon/);
  });
  it('every flag maps to existing exercises, and so do maintenance and posture lists', () => {
    for (const id of FLAG_IDS) {
      const list = FLAG_EXERCISES[id];
      expect(list.length, id).toBeGreaterThanOrEqual(2);
      for (const x of list) expect(() => exerciseById(x), `${id} → ${x}`).not.toThrow();
    }
    for (const x of MAINTENANCE_EXERCISES) expect(() => exerciseById(x)).not.toThrow();
    for (const list of Object.values(POSTURE_EXERCISES)) for (const x of list) expect(() => exerciseById(x), x).not.toThrow();
    expect(() => exerciseById('no-such-exercise')).toThrow(/no-such-exercise/);
  });
});

describe('norms table', () => {
  it('every norm has a unit, a range or threshold, and a source or a stated screening rule', () => {
    const ids = NORMS.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of NORMS) {
      expect(n.unit.trim(), n.id).not.toBe('');
      expect(n.range !== undefined || n.above !== undefined || n.below !== undefined, n.id).toBe(true);
      const src = (n.source ?? '').trim();
      const rule = (n.screeningRule ?? '').trim();
      expect(src !== '' || rule !== '', n.id).toBe(true);
      if (src !== '') expect(src, n.id).toMatch(/(19|20)\d\d/);
      if (n.bands) {
        const b = n.bands;
        if (n.above !== undefined) expect(b.mild <= b.moderate && b.moderate <= b.marked, n.id).toBe(true);
        if (n.below !== undefined) expect(b.mild >= b.marked, n.id).toBe(true);
      }
    }
    expect(Object.isFrozen(NORMS)).toBe(true);
    expect(Object.isFrozen(NORMS[0])).toBe(true);
  });
  it('holds the reference numbers of metrics.md', () => {
    const byId = new Map(NORMS.map((n) => [n.id, n]));
    expect(byId.get('step-length-asymmetry')?.above).toBe(1.08);
    expect(byId.get('stance-time-asymmetry')?.above).toBe(1.05);
    expect(byId.get('swing-time-asymmetry')?.above).toBe(1.06);
    expect(byId.get('knee-flexion-swing')?.range).toEqual({ min: 55, max: 65 });
    expect(byId.get('hip-extension-late-stance')?.range).toEqual({ min: 10, max: 20 });
    expect(byId.get('posture-forward-head')?.below).toBe(48);
    expect(byId.get('gait-speed-male-40-49')?.mean).toBe(1.434);
    expect(byId.get('gait-speed-female-80-99')?.mean).toBe(0.943);
  });
  it('every flag rule resolves to norms that exist', () => {
    for (const r of FLAG_RULES) {
      for (const nid of r.normIds) {
        const matches = nid.endsWith('*') ? NORMS.filter((n) => n.id.startsWith(nid.slice(0, -1))) : NORMS.filter((n) => n.id === nid);
        expect(matches.length, `${r.id} → ${nid}`).toBeGreaterThan(0);
        for (const m of matches) expect(m.metric, `${r.id} → ${m.id}`).toBe(r.metric);
      }
    }
    expect(FLAG_RULES.map((r) => r.id)).toEqual([...FLAG_IDS]);
  });
});

describe('safety text', () => {
  it('says screening aid, not a diagnosis, and names the signs that need a clinician', () => {
    expect(SAFETY_TEXT).toContain('screening aid, not a diagnosis');
    expect(SAFETY_TEXT).toMatch(/night or at rest/);
    expect(SAFETY_TEXT).toMatch(/inability to bear weight/);
    expect(SAFETY_TEXT).toMatch(/surgery.*clearance/);
    for (const r of RED_FLAGS) expect(SAFETY_TEXT).toContain(r);
  });
});
