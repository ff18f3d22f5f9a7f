import { estimateItemLlmMemory, llamaParamCount } from '../itemEncoders/itemLlmMemory';
import { DOC_MODES, DOC_WORKLOAD, HUB_CHECKPOINTS } from '../models/hllm/hubCheckpoints';

/** A curated small Hub checkpoint with its size and estimated memory per fine-tuning mode. */
export interface CuratedCheckpoint {
  repo: string;
  note: string;
  params: number;
  /** Estimated float32 bytes per mode (frozen, top-1, top-4, all) under `workload`. */
  memory: { mode: string; bytes: number }[];
  /** The workload the estimates assume. */
  workload: typeof DOC_WORKLOAD;
}

/** The curated Hub checkpoints with parameter counts and memory estimates (no download). */
export function curatedCheckpoints(): CuratedCheckpoint[] {
  return HUB_CHECKPOINTS.map((c) => ({
    repo: c.repo,
    note: c.note,
    params: llamaParamCount(c.config),
    memory: DOC_MODES.map((m) => ({
      mode: m.name,
      bytes: estimateItemLlmMemory({ config: c.config, mode: m.mode, ...DOC_WORKLOAD }).total,
    })),
    workload: DOC_WORKLOAD,
  }));
}
