/**
 * Browser-only: URLs of the tfjs wasm binaries, bundled by Vite from node_modules (served
 * from the app's own origin). The threaded binary is not shipped: threads are off (testing.md).
 */
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';

/**
 * File map for setWasmPaths: tfjs picks the SIMD binary when the browser supports it.
 * setWasmPaths throws unless the map names all three binaries; the threaded entry is never
 * fetched because the estimator sets WASM_HAS_MULTITHREAD_SUPPORT to false first.
 */
export const BROWSER_WASM_PATHS: Readonly<Record<string, string>> = Object.freeze({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
});
