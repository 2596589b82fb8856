/// <reference types="vite-plugin-pwa/client" />
/**
 * Service-worker registration (offline use). A new version is never applied behind the
 * user's back: the app shows a banner and reloads only when asked.
 */
import { registerSW } from 'virtual:pwa-register';

/** Reactive PWA state: `needRefresh` = a new version is waiting; `offlineReady` = the app works offline. */
export const pwa = $state({ needRefresh: false, offlineReady: false });

let update: ((reload?: boolean) => Promise<void>) | null = null;

/** Registers the service worker (production builds only). */
export function startPwa(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  update = registerSW({
    onNeedRefresh() {
      pwa.needRefresh = true;
    },
    onOfflineReady() {
      pwa.offlineReady = true;
    },
  });
}

/** Applies the waiting version and reloads the page. */
export async function applyUpdate(): Promise<void> {
  await update?.(true);
}
