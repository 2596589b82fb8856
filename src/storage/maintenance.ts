/** Whole-store operations: how much is used, keep it from eviction, delete everything. */
import { Dexie } from 'dexie';
import { closeDb, DB_NAME } from './db.ts';

/** Where Gaitscope keeps data, in words for the settings and patients screens. */
export const STORAGE_STATEMENT =
  'Everything (patients, sessions, videos, results) is stored in this browser only, on this device, in its IndexedDB storage. ' +
  'Nothing is sent to a server. Clearing this browser\'s site data, or "Delete everything" below, removes it for good; a backup file is the only copy that leaves the browser, and only when you save one.';

/** Storage used and available to this site, in bytes; null where the browser does not say. */
export interface StorageEstimate {
  usageBytes: number | null;
  quotaBytes: number | null;
  /** True when the browser promised not to evict the data under storage pressure. */
  persisted: boolean | null;
}

/** How much this site stores and may store (navigator.storage), nulls where unavailable. */
export async function storageEstimate(): Promise<StorageEstimate> {
  const storage = globalThis.navigator?.storage;
  const est = typeof storage?.estimate === 'function' ? await storage.estimate() : undefined;
  const persisted = typeof storage?.persisted === 'function' ? await storage.persisted() : null;
  return { usageBytes: est?.usage ?? null, quotaBytes: est?.quota ?? null, persisted };
}

/** Asks the browser to keep this site's data under storage pressure; resolves to whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.persist !== 'function') return false;
  return storage.persist();
}

/** Bytes as "12.3 MB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

/**
 * Deletes the whole IndexedDB database (patients, sessions, videos, recordings,
 * results, exercise log) and empties this site's localStorage and sessionStorage.
 * The next storage call opens a new, empty database.
 */
export async function deleteEverything(): Promise<void> {
  closeDb();
  await Dexie.delete(DB_NAME);
  for (const s of [globalThis.localStorage, globalThis.sessionStorage]) {
    if (s && typeof s.clear === 'function') s.clear();
  }
}
