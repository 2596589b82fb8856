/**
 * Browser-only: URLs of the tfjs wasm binaries, bundled by Vite from node_modules (served
 * from the app's own origin). The multi-threaded binary is used only when the page is
 * cross-origin isolated (estimator.ts, defaultWasmThreads); its pthread workers load the
 * factory script that vite.config.ts (tfjsWasmThreads) points them to.
 */
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';

/** File map for setWasmPaths (tfjs picks the binary the browser supports; setWasmPaths needs all three). */
export const BROWSER_WASM_PATHS: Readonly<Record<string, string>> = Object.freeze({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});
