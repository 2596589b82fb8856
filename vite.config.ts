import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = import.meta.dirname;
const modelsDir = resolve(root, 'models');

/**
 * Serves models/ (pose weights fetched by scripts/fetch-models.mjs) at /models/ in
 * dev and preview, and copies the manifest's files into the build, so the app
 * loads its weights from its own origin only.
 */
function localModels(): Plugin {
  const serve = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const url = (req.url ?? '').split('?')[0] ?? '';
    if (!url.startsWith('/models/')) return next();
    const file = join(modelsDir, decodeURIComponent(url.slice('/models/'.length)));
    if (!file.startsWith(modelsDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`model file not found: ${url}`);
      return;
    }
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'gaitscope-local-models',
    configureServer(server) {
      server.middlewares.use(serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve);
    },
    generateBundle() {
      const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as {
        models: { files: { path: string }[] }[];
      };
      this.emitFile({ type: 'asset', fileName: 'models/manifest.json', source: readFileSync(join(modelsDir, 'manifest.json')) });
      for (const m of manifest.models) {
        for (const f of m.files) {
          const p = join(modelsDir, f.path);
          if (!existsSync(p)) this.error(`models/${f.path} is missing: run \`npm run fetch-models\``);
          this.emitFile({ type: 'asset', fileName: `models/${f.path}`, source: readFileSync(p) });
        }
      }
    },
  };
}

/**
 * Multi-threaded tfjs wasm in a bundled build. tfjs-backend-wasm hands its pthread workers the
 * Emscripten factory as `new Blob([factory.toString()])`: once bundled (and minified) that text
 * refers to names outside the function ("ReferenceError: e is not defined" in the worker, testing.md).
 * This points the workers at the package's own, unbundled factory script instead, served from the
 * app's origin. Threads still need cross-origin isolation (COOP/COEP headers below).
 */
function tfjsWasmThreads(): Plugin {
  const target = /tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
  const blob = /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\)/;
  const script = resolve(root, 'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  return {
    name: 'gaitscope-tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!target.test(id.split('?')[0] ?? '')) return null;
      if (!blob.test(code)) this.error('tfjs-backend-wasm changed: the threaded factory Blob was not found (see vite.config.ts tfjsWasmThreads)');
      return {
        code: `import __gaitscopeThreadedScriptUrl from ${JSON.stringify(`${script}?url`)};\n` + code.replace(blob, 'new URL(__gaitscopeThreadedScriptUrl, self.location.href).href'),
        map: null,
      };
    },
  };
}

/** Ships the licence texts of bundled third-party files that ask for it (the DejaVu fonts the PDF embeds for non-Latin text). */
function thirdPartyLicences(): Plugin {
  return {
    name: 'gaitscope-licences',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'licences/dejavu-fonts-ttf.LICENSE.txt', source: readFileSync(resolve(root, 'node_modules/dejavu-fonts-ttf/LICENSE')) });
    },
  };
}

/** Cross-origin isolation, needed for SharedArrayBuffer (multi-threaded wasm). Everything the app loads is same-origin. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * The production page's Content-Security-Policy: scripts, workers, models, media and
 * connections from the app's own origin only (blob: for local video and downloads).
 * Build only: the dev server needs websockets and inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'gaitscope-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/**
 * Offline use (issue 7): a Workbox service worker precaches the code, the wasm binaries and
 * the default model (BlazePose full + its detector); other models are cached the first time
 * they are used. Updates wait for the user ("prompt"), so nothing reloads mid-recording.
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: {
    name: 'Gaitscope',
    short_name: 'Gaitscope',
    description: 'Camera-based gait and posture screening. Nothing leaves this device.',
    start_url: '/',
    display: 'standalone',
    background_color: '#fafafa',
    theme_color: '#17405e',
    icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,wasm,webmanifest,ttf}', 'models/manifest.json', 'models/blazepose-detector/*', 'models/blazepose-full/*', 'models/movenet-multipose/*'],
    // The pose worker bundle (~2 MB) and the weights (up to ~6 MB each) are precached too.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/models\//],
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        urlPattern: ({ url }) => url.pathname.startsWith('/models/'),
        handler: 'CacheFirst',
        options: { cacheName: 'gaitscope-models' },
      },
    ],
  },
});

export default defineConfig({
  plugins: [tfjsWasmThreads(), svelte(), localModels(), thirdPartyLicences(), contentSecurityPolicy(), pwa],
  resolve: {
    alias: {
      // pose-detection imports @mediapipe/pose (a Closure script with no ES exports) for its
      // 'mediapipe' runtime; we use the tfjs runtime, so point it at a shim (testing.md).
      '@mediapipe/pose': resolve(root, 'src/pose/mediapipe-shim.ts'),
    },
  },
  // The pose worker is bundled separately: it needs the threads fix too.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { fs: { allow: [root] }, headers: { ...ISOLATION_HEADERS } },
  // The same policy as an HTTP header: a <meta> policy does not govern workers loaded from a URL.
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...ISOLATION_HEADERS } },
});
