import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { DatasetFiles } from './datasetFiles';
import { toHllmFiles } from './hllmLayout';
import {
  configFromOfficialSettings,
  officialSettings,
  USER_LLM_FOLDER,
  type OfficialSettings,
} from './officialSettings';
import { OVERRIDES_FILE, parseSettingsYaml, settingsYaml } from './settingsYaml';

function runScript(official: OfficialSettings, batchSize: number): string {
  const paths = ['data_path', 'text_path', 'user_pretrain_dir'].filter(
    (k) =>
      typeof official.settings[k] === 'string' &&
      (k !== 'user_pretrain_dir' || official.userLlmConfig !== null),
  );
  const pathFlags = paths.map((k) => `  --${k} "$BUNDLE/${String(official.settings[k])}" \\`);
  return `#!/usr/bin/env bash
# Trains this run with the official HLLM code (github.com/bytedance/HLLM) on N GPUs.
# usage: HLLM_DIR=/path/to/HLLM ./run.sh [N_GPUS] [extra --key value overrides...]
# N_GPUS defaults to every GPU nvidia-smi lists; the batch of ${batchSize} is split among them.
set -euo pipefail
BUNDLE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
: "\${HLLM_DIR:?set HLLM_DIR to a checkout of github.com/bytedance/HLLM}"
GPUS="\${1:-$(nvidia-smi --list-gpus | wc -l)}"
shift || true
BATCH=${batchSize}
if (( GPUS < 1 || BATCH % GPUS != 0 )); then
  echo "run.sh: the run's batch of $BATCH does not split evenly over $GPUS GPUs" >&2
  exit 2
fi
cd "$HLLM_DIR/code"
torchrun --standalone --nnodes=1 --nproc_per_node="$GPUS" run.py \\
  --config_file ${official.configFiles.join(' ')} "$BUNDLE/${OVERRIDES_FILE}" \\
${pathFlags.join('\n')}
  --checkpoint_dir "$BUNDLE/saved" \\
  --train_batch_size "$((BATCH / GPUS))" \\
  "$@"
`;
}

function bundleReadme(official: OfficialSettings, config: RunConfig, name: string): string {
  const batchSize = config.train.batchSize;
  const carried = Object.entries(official.settings)
    .map(([k, v]) => `- \`${k}\`: \`${JSON.stringify(v)}\``)
    .join('\n');
  const notCarried = official.notCarried.map((n) => `- ${n}`).join('\n');
  return `# ${name}: this run on GPUs with the official HLLM code

This folder holds one playground run ready for the official PyTorch code
(github.com/bytedance/HLLM): the data in its layout, the run's settings and a launch script.

- \`dataset/${name}.csv\`, \`information/${name}.csv\`: the interactions (after the run's
  de-duplication and k-core) and the item text.
- \`${OVERRIDES_FILE}\`: every setting of the run that the official code has, loaded after its
  own ${official.configFiles.map((f) => `\`${f}\``).join(' and ')} so that these win.
${official.userLlmConfig !== null ? `- \`${USER_LLM_FOLDER}/config.json\`: the shape of the randomly initialised LLM.\n` : ''}- \`run.sh\`: the launch script.

## Run it on N GPUs

1. Clone github.com/bytedance/HLLM and install its requirements (PyTorch, DeepSpeed, Lightning
   and the others in its README) on the GPU machine.
2. \`HLLM_DIR=/path/to/HLLM ./run.sh N\` (N defaults to every GPU on the machine). The script
   starts one process per GPU with \`torchrun\`, as the official \`reproduce/\` scripts do, with
   DeepSpeed ZeRO stage 2 and bf16 from the official \`overall/*_deepspeed.yaml\`.
3. Append any official \`--key value\` after N to change a setting, e.g. \`--stage 3
   --gradient_checkpointing True\` when the model does not fit in GPU memory.
4. Several machines: set \`master_addr\`, \`master_port\`, \`nnodes\` and \`node_rank\` and call
   \`torchrun\` as in the official \`TORCHRUN\` script, with the same arguments as \`run.sh\`.

The run's batch of ${batchSize} sequences is the whole step: \`run.sh\` gives each GPU
${batchSize}/N (the official \`train_batch_size\` counts one GPU). The official code spreads
\`num_negatives\` over the GPUs and the batch, so the pool stays the run's.

The official trainer saves the best model under \`saved/\` (with DeepSpeed, a checkpoint
folder; DeepSpeed's \`zero_to_fp32.py\` turns it into one state dict, \`pytorch_model.bin\`).
To bring it back to the playground, in the playground's repository:

\`\`\`sh
python3 scripts/importOfficialCheckpoint.py saved/pytorch_model.bin \\
  --run-config run-config.json --item-llm ITEM_LLM_FOLDER --out ${name}.safetensors
npm run cli -- evaluate --checkpoint ${name}.safetensors --interactions dataset/${name}.csv
\`\`\`

(\`run-config.json\` is the run's whole config; \`ITEM_LLM_FOLDER\` holds the Item LLM's
tokenizer and \`config.json\`.) \`evaluate\` splits the data as the run did and prints the test
metrics beside popularity; \`--inspect USER_ID\` shows a user's top 10.

## Settings applied to the data

The files hold the run's data after ${config.data.dedupe ? 'removing repeated (user, item) pairs and ' : ''}${config.data.kCore > 0 ? `the iterative ${config.data.kCore}-core` : 'no k-core'}, so the official loader starts
from the same interactions and makes its leave-one-out split of them.

## Settings carried

${carried}

## Settings not carried

These settings of the run have no equivalent in the official code; the GPU run differs from the
playground run in each of them:

${notCarried}
`;
}

/**
 * A ready-to-run bundle for the official HLLM code: the dataset in its layout
 * (`toHllmFiles`), `overrides.yaml` with the run's settings (`officialSettings`), `run.sh` taking
 * the number of GPUs, a README saying how to run it and what is not carried, and
 * `user_llm/config.json` when an LLM starts from random weights. `dataset` is the run's data
 * after preprocessing.
 */
export function hllmBundle(config: RunConfig, dataset: Dataset, name: string): DatasetFiles {
  const official = officialSettings(config, name);
  const files: DatasetFiles = {
    ...toHllmFiles(dataset, name),
    [OVERRIDES_FILE]: settingsYaml(official.settings, [
      `Settings of playground run "${name}" for the official HLLM code (github.com/bytedance/HLLM).`,
      `Load after ${official.configFiles.join(' ')}; paths are relative to this folder (run.sh makes them absolute).`,
    ]),
    'run.sh': runScript(official, config.train.batchSize),
    'README.md': bundleReadme(official, config, name),
    'run-config.json': `${JSON.stringify(config, null, 2)}\n`,
  };
  if (official.userLlmConfig !== null) {
    files[`${USER_LLM_FOLDER}/config.json`] =
      `${JSON.stringify(official.userLlmConfig, null, 2)}\n`;
  }
  return files;
}

/** The run config back from a bundle's files, fields the official code lacks taken from `base`. */
export function configFromBundle(files: DatasetFiles, base: RunConfig): RunConfig {
  const yaml = files[OVERRIDES_FILE];
  if (yaml === undefined) throw new Error(`the bundle has no ${OVERRIDES_FILE}`);
  const user = files[`${USER_LLM_FOLDER}/config.json`];
  return configFromOfficialSettings(
    parseSettingsYaml(yaml),
    user === undefined ? null : (JSON.parse(user) as Record<string, unknown>),
    base,
  );
}
