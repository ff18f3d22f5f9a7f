const made: WebAssembly.Memory[] = [];
const Original = WebAssembly.Memory;
const Watched = function (descriptor: WebAssembly.MemoryDescriptor) {
  const memory = new Original(descriptor);
  made.push(memory);
  return memory;
} as unknown as typeof WebAssembly.Memory;
Watched.prototype = Original.prototype;
(WebAssembly as { Memory: typeof WebAssembly.Memory }).Memory = Watched;

/**
 * Bytes of the largest WebAssembly.Memory made since this module was loaded. jax-js makes its Wasm
 * heap when it is first imported, so import this module before `@jax-js/jax`; the heap only grows,
 * to the allocator's high-water mark, so its byte length is the peak so far.
 */
export function wasmHeapBytes(): number {
  return made.reduce((peak, m) => Math.max(peak, m.buffer.byteLength), 0);
}
