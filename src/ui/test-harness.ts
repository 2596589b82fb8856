/**
 * Shared set-up of the Svelte component tests (happy-dom, fake-indexeddb): empty storage and a fresh
 * DOM target before each test, the component unmounted and the database closed after it.
 */
import 'fake-indexeddb/auto';
import { flushSync, mount, tick, unmount, type Component } from 'svelte';
import { afterEach, beforeEach } from 'vitest';
import { closeDb, deleteEverything } from '../storage/index.ts';

/** How long `settle()` lets timers, storage and Svelte catch up: `rounds` × (`ms` wait + flush). */
export interface HarnessOptions {
  settleRounds: number;
  settleMs: number;
}

/** Registers the per-test set-up and returns helpers bound to the current test's target. */
export function componentHarness(options: HarnessOptions) {
  let target: HTMLElement | null = null;
  let app: ReturnType<typeof mount> | null = null;

  beforeEach(async () => {
    await deleteEverything();
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    if (app) void unmount(app);
    app = null;
    target?.remove();
    closeDb();
  });

  const current = (): HTMLElement => {
    if (!target) throw new Error('componentHarness: no target outside a test');
    return target;
  };
  const q = <T extends HTMLElement = HTMLElement>(id: string): T | null => current().querySelector<T>(`[data-testid="${id}"]`);
  return {
    /** The DOM element the component is mounted in (new for each test). */
    get target(): HTMLElement {
      return current();
    },
    /** Mounts `component` with `props` in this test's target; unmounted after the test. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    mount<P extends Record<string, any>>(component: Component<P>, props: P): void {
      app = mount(component, { target: current(), props });
    },
    /** The element with this data-testid, or null. */
    q,
    /** The element with this data-testid; throws when there is none. */
    byTestId<T extends HTMLElement = HTMLElement>(id: string): T {
      const el = q<T>(id);
      if (!el) throw new Error(`no element with data-testid=${id}`);
      return el;
    },
    /** Lets pending timers, storage calls and Svelte updates run. */
    async settle(): Promise<void> {
      for (let i = 0; i < options.settleRounds; i++) {
        await new Promise((r) => setTimeout(r, options.settleMs));
        flushSync();
        await tick();
      }
    },
  };
}
