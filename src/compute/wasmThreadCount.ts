/**
 * Threads jax-js's Wasm backend runs its kernels on here: it starts a pool of
 * `navigator.hardwareConcurrency` workers (4 when unknown) where `SharedArrayBuffer` and `Worker`
 * exist (a cross-origin-isolated page, or Node with the CLI's `--threads`), and runs on the calling
 * thread otherwise.
 */
export function wasmThreadCount(): number {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Worker === 'undefined') return 1;
  return (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 4;
}
