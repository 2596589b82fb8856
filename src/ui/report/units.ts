/** Display units: data stay metric; imperial is a view-only conversion. */
import type { MetricId } from '../../kinematics/types.ts';

/** The user's display-unit choice. */
export type UnitSystem = 'metric' | 'imperial';

/** Metres per inch (exact). */
export const M_PER_IN = 0.0254;
/** Metres per second per mile per hour (exact). */
export const MPS_PER_MPH = 0.44704;

/** localStorage key of the display-unit choice. */
export const UNITS_STORAGE_KEY = 'gaitscope.units';

/** How a metric is displayed in a unit system: multiply the stored value by `factor`, show `unit`, `decimals`. */
export interface DisplayUnit {
  factor: number;
  unit: string;
  decimals: number | null;
}

/** Display conversion of a metric (identity unless imperial changes it); `decimals` null = the metric's own. */
export function displayUnit(id: MetricId, metricUnit: string, system: UnitSystem): DisplayUnit {
  if (system === 'imperial') {
    if (id === 'stepLengthM') return { factor: 1 / M_PER_IN, unit: 'in', decimals: 1 };
    if (id === 'gaitSpeedMps') return { factor: 1 / MPS_PER_MPH, unit: 'mph', decimals: 2 };
  }
  return { factor: 1, unit: metricUnit, decimals: null };
}

/** The saved unit choice ('metric' when none or storage is unavailable). */
export function loadUnitSystem(): UnitSystem {
  try {
    return globalThis.localStorage?.getItem(UNITS_STORAGE_KEY) === 'imperial' ? 'imperial' : 'metric';
  } catch {
    // Storage can be blocked (privacy settings); the default is fine then.
    return 'metric';
  }
}

/** Saves the unit choice (ignored when storage is blocked). */
export function saveUnitSystem(system: UnitSystem): void {
  try {
    globalThis.localStorage?.setItem(UNITS_STORAGE_KEY, system);
  } catch {
    // Blocked storage: the choice lasts for this page only.
  }
}
