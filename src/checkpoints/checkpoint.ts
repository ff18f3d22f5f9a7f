import type { RunConfig } from '../config/runConfig';
import type { HostParams } from '../models/recommender';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

/** Value of the `format` metadata key that marks a checkpoint written by this project. */
export const CHECKPOINT_FORMAT = 'hllm-playground-checkpoint/1';

/** A model's parameters with the run config that produced them. */
export interface Checkpoint {
  params: HostParams;
  config: RunConfig;
  /** `splitFingerprint` of the data the parameters were trained on, when known. */
  datasetFingerprint?: string;
}

/** Serialises a checkpoint as safetensors; the config (JSON) and fingerprint go in its metadata. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    config: JSON.stringify(checkpoint.config),
  };
  if (checkpoint.datasetFingerprint !== undefined) {
    metadata.datasetFingerprint = checkpoint.datasetFingerprint;
  }
  return encodeSafetensors(checkpoint.params, metadata);
}

/** Reads a checkpoint written by `encodeCheckpoint`; throws `SafetensorsError` naming `file` otherwise. */
export function decodeCheckpoint(bytes: Uint8Array, file = 'checkpoint'): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new SafetensorsError(
      file,
      `expected metadata format "${CHECKPOINT_FORMAT}", found ${JSON.stringify(metadata.format ?? null)}`,
    );
  }
  let config: RunConfig;
  try {
    config = JSON.parse(metadata.config) as RunConfig;
  } catch {
    throw new SafetensorsError(file, 'expected a JSON run config in metadata key "config"');
  }
  if (typeof config !== 'object' || config === null || typeof config.model?.kind !== 'string') {
    throw new SafetensorsError(
      file,
      'expected a run config with a model kind in metadata key "config"',
    );
  }
  return {
    params: tensors,
    config,
    ...(metadata.datasetFingerprint !== undefined
      ? { datasetFingerprint: metadata.datasetFingerprint }
      : {}),
  };
}
