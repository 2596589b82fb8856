/**
 * Pose models Gaitscope ships (models/manifest.json) and how their weights are loaded:
 * in the browser over the app's own origin (`/models/<id>/<id>.json` + `.bin`), in Node
 * from files (see node.ts). Every file is checked against the manifest's sha256 when the
 * manifest is available; a missing or corrupt file raises a ModelLoadError naming it.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { KeypointName, KeypointSet } from '../kinematics/keypoints.ts';
import { KEYPOINT_NAMES } from '../kinematics/keypoints.ts';

/** The pose models a user can choose. Don't change the order (UI lists them so). */
export const MODEL_IDS = ['blazepose-full', 'blazepose-lite', 'movenet-thunder', 'movenet-lightning'] as const;
/** A selectable pose model id. */
export type ModelId = (typeof MODEL_IDS)[number];
/** Default model: BlazePose full (its heels and foot tips matter for gait events). */
export const DEFAULT_MODEL: ModelId = 'blazepose-full';
/** Weights package of the people counter (MoveNet MultiPose Lightning; counts people, never analysed). */
export const PEOPLE_COUNTER_MODEL = 'movenet-multipose';
/** A weights package in models/: a selectable model, the BlazePose person detector or the people counter. */
export type ModelPartId = ModelId | 'blazepose-detector' | typeof PEOPLE_COUNTER_MODEL;

/** What the estimator needs to know about a model. */
export interface ModelInfo {
  id: ModelId;
  family: 'blazepose' | 'movenet';
  keypointSet: KeypointSet;
  /** Weights packages to load, detector first for BlazePose. */
  parts: readonly ModelPartId[];
  /** Short label for pickers. */
  label: string;
  /** What it is good for in gait analysis, from the real walking video (bench/video-models.ts; README "How accurate it is"). */
  gaitNote: string;
}

/** Static facts about each model (the manifest adds sizes and checksums). */
export const MODEL_INFO: Readonly<Record<ModelId, ModelInfo>> = Object.freeze({
  'blazepose-full': { id: 'blazepose-full', family: 'blazepose', keypointSet: 'blazepose33', parts: ['blazepose-detector', 'blazepose-full'], label: 'BlazePose full (default, 33 points with heels and toes)', gaitNote: 'Recommended for gait: heel and toe points time foot strike and foot off; on the real walking test video every annotated foot strike was found within 2 frames.' },
  'blazepose-lite': { id: 'blazepose-lite', family: 'blazepose', keypointSet: 'blazepose33', parts: ['blazepose-detector', 'blazepose-lite'], label: 'BlazePose lite (33 points, faster)', gaitNote: 'Not for gait: on the side-view test video it mixed up the legs for a whole pass (1 of 7 foot strikes found). Fine for a standing posture check.' },
  'movenet-thunder': { id: 'movenet-thunder', family: 'movenet', keypointSet: 'coco17', parts: ['movenet-thunder'], label: 'MoveNet Thunder (17 points, no feet)', gaitNote: 'No heel or toe points: events are timed from the ankles, and some steps are missed (5 of 7 foot strikes on the side-view test video).' },
  'movenet-lightning': { id: 'movenet-lightning', family: 'movenet', keypointSet: 'coco17', parts: ['movenet-lightning'], label: 'MoveNet Lightning (17 points, fastest)', gaitNote: 'Fastest and least reliable for gait: ankles only, legs confused at crossings (4 of 7 foot strikes on the side-view test video).' },
});

/** True when `s` names a selectable model. */
export function isModelId(s: unknown): s is ModelId {
  return typeof s === 'string' && (MODEL_IDS as readonly string[]).includes(s);
}

/** The ordered keypoint names a model produces. */
export function keypointNamesOf(model: ModelId): readonly KeypointName[] {
  return KEYPOINT_NAMES[MODEL_INFO[model].keypointSet];
}

/** One file entry of models/manifest.json; `path` is relative to models/. */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** One model entry of models/manifest.json. */
export interface ManifestModel {
  id: string;
  keypointSet: KeypointSet | null;
  inputSizePx?: number;
  files: ManifestFile[];
}

/** models/manifest.json (`gaitscope.models-manifest` v1), the fields Gaitscope reads. */
export interface ModelsManifest {
  format: 'gaitscope.models-manifest';
  version: 1;
  models: ManifestModel[];
}

/** Why a model could not be loaded. */
export type ModelLoadReason = 'missing' | 'corrupt' | 'http' | 'malformed';

/** A model file that is missing, corrupt (sha256/size mismatch), unreachable or malformed; `file` names it. */
export class ModelLoadError extends Error {
  readonly file: string;
  readonly reason: ModelLoadReason;
  readonly status: number | null;
  readonly remedy: string;
  constructor(file: string, reason: ModelLoadReason, detail: string, status: number | null = null) {
    const remedy =
      reason === 'http'
        ? 'Reload the page; if it persists the app was installed without its model files (run `npm run fetch-models` and rebuild).'
        : 'Run `npm run fetch-models` to download and verify the model files again.';
    super(`model file ${file} is ${reason === 'http' ? 'unreachable' : reason}: ${detail}`);
    this.name = 'ModelLoadError';
    this.file = file;
    this.reason = reason;
    this.status = status;
    this.remedy = remedy;
  }
}

/** Validates parsed models/manifest.json; throws ModelLoadError naming `source` and the field. */
export function parseManifest(json: unknown, source = 'models/manifest.json'): ModelsManifest {
  const bad = (field: string, why: string) => new ModelLoadError(source, 'malformed', `${field} ${why}`);
  if (typeof json !== 'object' || json === null) throw bad('(root)', 'is not an object');
  const m = json as Record<string, unknown>;
  if (m.format !== 'gaitscope.models-manifest') throw bad('format', `is ${JSON.stringify(m.format)}, expected "gaitscope.models-manifest"`);
  if (m.version !== 1) throw bad('version', `is ${JSON.stringify(m.version)}, expected 1`);
  if (!Array.isArray(m.models)) throw bad('models', 'is not an array');
  m.models.forEach((e: unknown, i: number) => {
    const x = e as Record<string, unknown> | null;
    if (!x || typeof x.id !== 'string') throw bad(`models[${i}].id`, 'is not a string');
    if (!Array.isArray(x.files)) throw bad(`models[${i}].files`, 'is not an array');
    x.files.forEach((f: unknown, j: number) => {
      const g = f as Record<string, unknown> | null;
      if (!g || typeof g.path !== 'string' || typeof g.sha256 !== 'string' || typeof g.bytes !== 'number') {
        throw bad(`models[${i}].files[${j}]`, 'needs path, bytes and sha256');
      }
    });
  });
  return json as ModelsManifest;
}

/** Browser URL of a weights package's model JSON: `<baseUrl>/<id>/<id>.json`. */
export function modelJsonUrl(part: ModelPartId, baseUrl = '/models'): string {
  return `${baseUrl.replace(/\/+$/, '')}/${part}/${part}.json`;
}

/** The model JSON URLs pose-detection needs for `model`: detector + landmark for BlazePose, one for MoveNet. */
export function modelUrls(model: ModelId, baseUrl = '/models'): { detector?: string; landmark?: string; model?: string } {
  const info = MODEL_INFO[model];
  if (info.family === 'blazepose') {
    return { detector: modelJsonUrl('blazepose-detector', baseUrl), landmark: modelJsonUrl(model, baseUrl) };
  }
  return { model: modelJsonUrl(model, baseUrl) };
}

/** Lower-case hex sha256 of `bytes` (WebCrypto: available in browsers, workers and Node 20). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks `bytes` of manifest-relative `path` against the manifest entry (size and sha256); throws ModelLoadError 'corrupt'. */
export async function verifyFile(manifest: ModelsManifest | null, path: string, bytes: Uint8Array, displayName = path): Promise<void> {
  if (!manifest) return;
  const entry = manifest.models.flatMap((m) => m.files).find((f) => f.path === path);
  if (!entry) return; // not listed (e.g. a user-supplied model): nothing to compare with
  if (bytes.byteLength !== entry.bytes) {
    throw new ModelLoadError(displayName, 'corrupt', `${bytes.byteLength} bytes, expected ${entry.bytes}`);
  }
  const sha = await sha256Hex(bytes);
  if (sha !== entry.sha256) throw new ModelLoadError(displayName, 'corrupt', `sha256 ${sha.slice(0, 12)}… does not match the manifest`);
}

/** Reads a file's bytes (Node: fs; browser: fetch); throws ModelLoadError naming the file. */
export type ReadModelFile = (relPath: string) => Promise<Uint8Array>;

/**
 * Builds a tfjs IOHandler for one weights package from a file reader: parses
 * `<part>/<part>.json`, reads every weights shard it lists, checks each file against the
 * manifest, and hands tfjs the artefacts (so tfjs never fetches anything by itself).
 */
export async function loadModelArtifacts(
  part: ModelPartId,
  read: ReadModelFile,
  manifest: ModelsManifest | null,
  displayPrefix = 'models/',
): Promise<tf.io.IOHandler> {
  const jsonPath = `${part}/${part}.json`;
  const jsonBytes = await read(jsonPath);
  await verifyFile(manifest, jsonPath, jsonBytes, displayPrefix + jsonPath);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(new TextDecoder().decode(jsonBytes)) as tf.io.ModelJSON;
  } catch (e) {
    throw new ModelLoadError(displayPrefix + jsonPath, 'corrupt', `not valid JSON (${(e as Error).message})`);
  }
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new ModelLoadError(displayPrefix + jsonPath, 'malformed', 'has no modelTopology/weightsManifest');
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const rel = `${part}/${p}`;
      const bytes = await read(rel);
      await verifyFile(manifest, rel, bytes, displayPrefix + rel);
      shards.push(bytes);
    }
  }
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const weightData = new Uint8Array(total);
  let off = 0;
  for (const s of shards) {
    weightData.set(s, off);
    off += s.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    signature: modelJson.signature,
    userDefinedMetadata: modelJson.userDefinedMetadata,
    modelInitializer: modelJson.modelInitializer,
    weightSpecs,
    weightData: weightData.buffer,
  };
  return { load: async () => artifacts };
}

/** A file reader over fetch for the browser / worker: `<baseUrl>/<relPath>`; failures name the URL and HTTP status. */
export function fetchModelFileReader(baseUrl = '/models', fetchFn: typeof fetch = fetch): ReadModelFile {
  const base = baseUrl.replace(/\/+$/, '');
  return async (relPath) => {
    const url = `${base}/${relPath}`;
    let res: Response;
    try {
      res = await fetchFn(url);
    } catch (e) {
      throw new ModelLoadError(url, 'http', `request failed (${(e as Error).message})`);
    }
    if (!res.ok) throw new ModelLoadError(url, res.status === 404 ? 'missing' : 'http', `HTTP ${res.status}`, res.status);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** Fetches and validates `<baseUrl>/manifest.json` in the browser; null when it cannot be fetched (files then go unverified). */
export async function fetchManifest(baseUrl = '/models', fetchFn: typeof fetch = fetch): Promise<ModelsManifest | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/manifest.json`;
  const res = await fetchFn(url).catch(() => null);
  if (!res || !res.ok) return null;
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    throw new ModelLoadError(url, 'corrupt', `not valid JSON (${(e as Error).message})`);
  }
  return parseManifest(json, url);
}
