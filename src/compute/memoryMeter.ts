/** What a run held on its device: the Wasm heap's size, or the bytes of live GPU buffers. */
export interface MemoryReading {
  kind: 'wasm-heap' | 'gpu-buffers';
  /** Peak bytes: the heap's size (it never shrinks), or the largest live total since the reset. */
  peakBytes: number;
}

const grown = new Set<WebAssembly.Memory>();
let wasmWatched = false;

/**
 * Starts recording every WebAssembly.Memory that grows (jax-js's Wasm heap grows from zero
 * pages at its first allocation), by wrapping `WebAssembly.Memory.prototype.grow`; idempotent.
 * Call it before the tensor engine allocates.
 */
export function watchWasmHeap(): void {
  if (wasmWatched || typeof WebAssembly === 'undefined') return;
  wasmWatched = true;
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (this: WebAssembly.Memory, delta: number) {
    grown.add(this);
    return grow.call(this, delta);
  };
}

/**
 * Bytes of the largest Wasm memory that grew since `watchWasmHeap` (jax-js's heap: its size is
 * the allocator's high-water mark, the heap never shrinks); 0 when none was watched.
 */
export function wasmHeapBytes(): number {
  let peak = 0;
  for (const memory of grown) peak = Math.max(peak, memory.buffer.byteLength);
  return peak;
}

/** Counts the bytes of live GPU buffers of one device, with a resettable peak. */
export interface GpuBufferMeter {
  liveBytes(): number;
  peakBytes(): number;
  /** Starts a new peak at the current live bytes (e.g. when a run starts). */
  resetPeak(): void;
}

const meters = new WeakMap<GPUDevice, GpuBufferMeter>();

/**
 * Wraps `device.createBuffer` (and each buffer's `destroy`) to count live bytes; jax-js keeps
 * freed buffers up to 64 MiB in a pool, which this counts as held, as the GPU does. Buffers
 * created before the call are not counted. One meter per device.
 */
export function watchGpuBuffers(device: GPUDevice): GpuBufferMeter {
  const existing = meters.get(device);
  if (existing !== undefined) return existing;
  let live = 0;
  let peak = 0;
  const create = device.createBuffer.bind(device);
  device.createBuffer = (descriptor: GPUBufferDescriptor) => {
    const buffer = create(descriptor);
    live += buffer.size;
    peak = Math.max(peak, live);
    const destroy = buffer.destroy.bind(buffer);
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) {
        destroyed = true;
        live -= buffer.size;
      }
      destroy();
    };
    return buffer;
  };
  const meter: GpuBufferMeter = {
    liveBytes: () => live,
    peakBytes: () => peak,
    resetPeak: () => {
      peak = live;
    },
  };
  meters.set(device, meter);
  return meter;
}
