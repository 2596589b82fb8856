/**
 * Components written by other parts of the project, loaded only if present in this
 * build (so the shell builds while they are being written, and they load on demand).
 */
import type { Component } from 'svelte';

const modules = import.meta.glob(['./report/ReportView.svelte', './patients/PatientsView.svelte', './home/HomeCheck.svelte']);

/** Loads a component by path; null when it is not part of this build. */
export async function loadComponent(path: './report/ReportView.svelte' | './patients/PatientsView.svelte' | './home/HomeCheck.svelte'): Promise<Component<Record<string, unknown>> | null> {
  const load = modules[path];
  if (!load) return null;
  const mod = (await load()) as { default: Component<Record<string, unknown>> };
  return mod.default;
}
