import {
  checkDtype,
  hasShaderF16,
  pickFastestDevice,
  type DeviceChoice,
  type EncoderDevice,
} from './encoderDevice';
import type { ProgressCallback as LoadProgressCallback } from '@huggingface/transformers';
import { loadFrozenEncoder, type FrozenEncoder, type FrozenEncoderOptions } from './frozenEncoder';

/** Devices worth trying here: WebGPU then wasm in a browser or worker, onnxruntime-node's CPU in Node. */
export function candidateDevices(): EncoderDevice[] {
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  if (isNode) return ['cpu'];
  return (globalThis.navigator as Navigator | undefined)?.gpu ? ['webgpu', 'wasm'] : ['wasm'];
}

/**
 * Loads the encoder on each candidate device, times encoding `sample` (after a warm-up), keeps
 * the fastest and releases the others. A device that cannot load or run the dtype (fp16 on WebGPU
 * without `shader-f16`) is recorded with its error. Resolves to the encoder and the recorded choice.
 * `onLoadProgress` receives transformers.js's file progress of each device's load.
 */
export async function loadFrozenEncoderOnFastestDevice(
  options: Omit<FrozenEncoderOptions, 'device'>,
  sample: readonly string[],
  candidates: readonly EncoderDevice[] = candidateDevices(),
  onLoadProgress?: LoadProgressCallback,
): Promise<{ encoder: FrozenEncoder; choice: DeviceChoice }> {
  const shaderF16 = candidates.includes('webgpu') ? await hasShaderF16() : false;
  const loaded = new Map<EncoderDevice, FrozenEncoder>();
  const measure = async (device: EncoderDevice): Promise<void> => {
    checkDtype(options.dtype, device, shaderF16);
    let encoder = loaded.get(device);
    if (!encoder) {
      encoder = await loadFrozenEncoder({ ...options, device }, onLoadProgress);
      loaded.set(device, encoder);
    }
    await encoder.encodeTexts(sample, { batchSize: sample.length });
  };
  try {
    const choice = await pickFastestDevice(candidates, measure);
    for (const [device, encoder] of loaded) if (device !== choice.device) await encoder.dispose();
    return { encoder: loaded.get(choice.device)!, choice };
  } catch (error) {
    for (const encoder of loaded.values()) await encoder.dispose();
    throw error;
  }
}
