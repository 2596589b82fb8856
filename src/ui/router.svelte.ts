/**
 * Hash-based routing: `#/`, `#/patients`, `#/new`, `#/setup`, `#/analyse`, `#/review`,
 * `#/report`, `#/session/<id>`, `#/home-check`, `#/settings`. Reload-safe and linkable.
 */

/** The app's screens. */
export type RouteName = 'home' | 'patients' | 'new' | 'setup' | 'analyse' | 'review' | 'report' | 'session' | 'home-check' | 'settings';

/** The current route: screen name and an optional id (session id). */
export interface Route {
  name: RouteName;
  id: string | null;
}

const NAMES: readonly RouteName[] = ['home', 'patients', 'new', 'setup', 'analyse', 'review', 'report', 'session', 'home-check', 'settings'];

/** Parses a location hash into a route; unknown hashes go home. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const name = (parts[0] ?? 'home') as RouteName;
  if (!NAMES.includes(name)) return { name: 'home', id: null };
  return { name, id: parts[1] ? decodeURIComponent(parts[1]) : null };
}

/** The reactive current route. */
export const router = $state<{ route: Route }>({ route: parseHash(typeof location === 'undefined' ? '' : location.hash) });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    router.route = parseHash(location.hash);
  });
}

/** Goes to a screen (adds a history entry, so Back works). */
export function go(name: RouteName, id?: string): void {
  const hash = name === 'home' ? '#/' : `#/${name}${id ? `/${encodeURIComponent(id)}` : ''}`;
  if (location.hash === hash) router.route = parseHash(hash);
  else location.hash = hash;
}
