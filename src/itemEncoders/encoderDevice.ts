/** ONNX weight precisions a frozen encoder can load (transformers.js `dtype`). */
export type EncoderDtype = 'fp32' | 'fp16' | 'q8' | 'q4';

/** Execution providers: `cpu` is onnxruntime-node, `wasm` and `webgpu` are onnxruntime-web. */
export type EncoderDevice = 'cpu' | 'wasm' | 'webgpu';

/** The device a measured warm-up chose, with every candidate's time, kept with the run. */
export interface DeviceChoice {
  device: EncoderDevice;
  /** Milliseconds to encode the warm-up sample on each candidate that loaded; failures as text. */
  timings: Partial<Record<EncoderDevice, number | string>>;
}

/** True where WebGPU exists and its adapter offers `shader-f16` (needed for fp16 on WebGPU). */
export async function hasShaderF16(): Promise<boolean> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return false;
  const adapter = await gpu.requestAdapter();
  return adapter?.features.has('shader-f16') ?? false;
}

/** Rejects a dtype the device cannot run: fp16 on WebGPU needs `shader-f16`. */
export function checkDtype(dtype: EncoderDtype, device: EncoderDevice, shaderF16: boolean): void {
  if (dtype === 'fp16' && device === 'webgpu' && !shaderF16) {
    throw new Error(
      'fp16 on WebGPU needs the shader-f16 feature, which this GPU adapter lacks: choose fp32, q8 or q4, or the wasm device',
    );
  }
}

/**
 * Times `measure(device)` on each candidate (after one untimed warm-up call) and picks the
 * fastest; a candidate that throws is recorded with its error and skipped.
 */
export async function pickFastestDevice(
  candidates: readonly EncoderDevice[],
  measure: (device: EncoderDevice) => Promise<void>,
  now: () => number = () => performance.now(),
): Promise<DeviceChoice> {
  const timings: DeviceChoice['timings'] = {};
  let best: EncoderDevice | undefined;
  for (const device of candidates) {
    try {
      await measure(device);
      const start = now();
      await measure(device);
      const ms = now() - start;
      timings[device] = ms;
      if (best === undefined || ms < (timings[best] as number)) best = device;
    } catch (error) {
      timings[device] = error instanceof Error ? error.message : String(error);
    }
  }
  if (best === undefined) {
    throw new Error(`no encoder device worked: ${JSON.stringify(timings)}`);
  }
  return { device: best, timings };
}
