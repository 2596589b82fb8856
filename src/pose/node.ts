/**
 * Node loader for the pose estimator (CLI, tests, bench): weights read from
 * `<project>/models` and checked against models/manifest.json (sha256), tfjs wasm backend
 * with its binaries from node_modules. Not imported by browser code.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPoseEstimator, type PoseEstimator, type PoseEstimatorOptions, type PoseIo } from './estimator.ts';
import { DEFAULT_MODEL, ModelLoadError, loadModelArtifacts, parseManifest, type ModelId, type ModelsManifest } from './models.ts';

/** The project root (folder holding package.json and models/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Default weights folder: `<project>/models`. */
export const DEFAULT_MODELS_DIR = join(PROJECT_ROOT, 'models');

/** Reads and validates `<modelsDir>/manifest.json`; throws ModelLoadError naming it. */
export function readManifest(modelsDir = DEFAULT_MODELS_DIR): ModelsManifest {
  const file = join(modelsDir, 'manifest.json');
  if (!existsSync(file)) throw new ModelLoadError(file, 'missing', 'no such file');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ModelLoadError(file, 'corrupt', `not valid JSON (${(e as Error).message})`);
  }
  return parseManifest(json, file);
}

/** Directory of the tfjs wasm binaries in node_modules, with a trailing '/'. */
export function nodeWasmDir(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;
}

/** A PoseIo reading weights from `modelsDir`, each file verified against the manifest's sha256. */
export function nodePoseIo(modelsDir = DEFAULT_MODELS_DIR): PoseIo {
  let manifest: ModelsManifest | null = null;
  return {
    wasmPaths: nodeWasmDir(),
    async loadPart(part) {
      manifest ??= readManifest(modelsDir);
      const read = async (rel: string) => {
        const file = join(modelsDir, rel);
        try {
          return new Uint8Array(await readFile(file));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new ModelLoadError(file, code === 'ENOENT' ? 'missing' : 'corrupt', code === 'ENOENT' ? 'no such file' : (e as Error).message);
        }
      };
      return loadModelArtifacts(part, read, manifest, `${modelsDir}/`);
    },
  };
}

/** Creates a pose estimator in Node on tfjs wasm with the local, verified weights of `model`; people are counted unless `countPeople: false`. */
export async function createNodePoseEstimator(
  model: ModelId = DEFAULT_MODEL,
  options: Omit<PoseEstimatorOptions, 'model' | 'io' | 'backend'> & { modelsDir?: string } = {},
): Promise<PoseEstimator> {
  const { modelsDir, ...rest } = options;
  return createPoseEstimator({ countPeople: true, ...rest, model, backend: 'wasm', io: nodePoseIo(modelsDir) });
}
