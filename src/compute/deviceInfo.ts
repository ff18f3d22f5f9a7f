/** The compute device found for training and scoring. */
export type DeviceInfo =
  | {
      kind: 'webgpu';
      /** Adapter vendor, e.g. `google`, `nvidia`; empty when the browser hides it. */
      vendor: string;
      /** Adapter architecture, e.g. `swiftshader`, `ampere`; empty when the browser hides it. */
      architecture: string;
      /** Adapter description; often empty for privacy. */
      description: string;
      /** Whether the device was created with the `shader-f16` feature. */
      shaderF16: boolean;
    }
  | {
      kind: 'wasm';
      /** Why WebGPU was not used. */
      reason: string;
      /** Threads the Wasm kernels run on (1 unless the page is cross-origin isolated). */
      threads: number;
    };

const threadsText = (threads: number) => `${threads} thread${threads === 1 ? '' : 's'}`;

/** One-line description of a device, as shown in the device badge. */
export function describeDevice(info: DeviceInfo): string {
  if (info.kind === 'wasm')
    return `Wasm (CPU, ${threadsText(info.threads)}) fallback — ${info.reason}`;
  const adapter = [info.vendor, info.architecture].filter((s) => s.length > 0).join(' / ');
  const f16 = info.shaderF16 ? 'shader-f16 supported' : 'no shader-f16';
  return `WebGPU — ${adapter.length > 0 ? adapter : 'unknown adapter'} — ${f16}`;
}

/** Short device label stored in run records, e.g. `wasm` or `webgpu (nvidia / ampere)`. */
export function deviceLabel(info: DeviceInfo): string {
  if (info.kind === 'wasm')
    return info.threads > 1 ? `wasm (${threadsText(info.threads)})` : 'wasm';
  const adapter = [info.vendor, info.architecture].filter((s) => s.length > 0).join(' / ');
  return adapter.length > 0 ? `webgpu (${adapter})` : 'webgpu';
}
