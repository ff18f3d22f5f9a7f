import type { HllmConfig } from '../config/runConfig';
import {
  checkpointModes,
  DOC_WORKLOAD,
  HUB_CHECKPOINTS,
  type ModeFit,
} from '../models/hllm/hubCheckpoints';
import type { MemoryBackend } from '../models/hllm/memoryBackend';
import { llamaParamCount } from '../models/llama/paramCount';

/** A curated small Hub checkpoint with its size and, per Item LLM mode, the estimate and fit. */
export interface CuratedCheckpoint {
  repo: string;
  note: string;
  params: number;
  modes: ModeFit[];
  /** The run shape the estimates assume. */
  workload: typeof DOC_WORKLOAD;
  budgetBytes: number;
}

/**
 * The curated Hub checkpoints with parameter counts and, per mode, the estimate of an HLLM run
 * at Amazon Scientific's scale (`DOC_WORKLOAD`) against `budgetBytes` on `backend`, and the
 * nearest setting that fits where a mode does not (no download). `base` supplies the run's
 * other HLLM settings.
 */
export function curatedCheckpoints(
  base: HllmConfig,
  budgetBytes: number,
  backend: MemoryBackend,
): CuratedCheckpoint[] {
  return HUB_CHECKPOINTS.map((c) => ({
    repo: c.repo,
    note: c.note,
    params: llamaParamCount(c.config),
    modes: checkpointModes(c, c.repo, base, DOC_WORKLOAD, budgetBytes, backend),
    workload: DOC_WORKLOAD,
    budgetBytes,
  }));
}
