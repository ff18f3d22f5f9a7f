import { defaultItemEncoder } from '../config/defaults';
import type { ItemEncoderSpec } from '../config/runConfig';

/** The accepted forms of `--item-encoder`, for usage and error messages. */
export const ITEM_ENCODER_FORMS =
  'frozen:MODEL_DIR[:last|mean|cls] | finetune:MODEL_DIR[:TOP_K|all] | scratch:TOKENIZER_DIR[:LAYERS,WIDTH]';

/** A malformed `--item-encoder` value; the message names the flag and the expected forms. */
export class ItemEncoderOptionError extends Error {
  constructor(value: string, problem: string) {
    super(`--item-encoder: ${problem} in "${value}"; expected ${ITEM_ENCODER_FORMS}`);
    this.name = 'ItemEncoderOptionError';
  }
}

/** Splits `location[:suffix]` where the suffix matches `pattern` (paths may contain colons). */
function splitSuffix(rest: string, pattern: RegExp): { location: string; suffix?: string } {
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && pattern.test(rest.slice(colon + 1))) {
    return { location: rest.slice(0, colon), suffix: rest.slice(colon + 1) };
  }
  return { location: rest };
}

/**
 * Parses `--item-encoder`: `frozen:DIR` (pooling `last` unless given), `finetune:DIR` (all layers
 * unless a top-k count is given; LoRA off) or `scratch:TOKENIZER_DIR` (the default 2 layers × 64
 * unless `LAYERS,WIDTH` is given). Folders are local paths, not checked here.
 */
export function parseItemEncoderOption(value: string): ItemEncoderSpec {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  if (kind !== 'frozen' && kind !== 'finetune' && kind !== 'scratch') {
    throw new ItemEncoderOptionError(value, `unknown kind "${kind}"`);
  }
  if (kind === 'frozen') {
    const { location, suffix } = splitSuffix(rest, /^(last|mean|cls)$/);
    if (location === '') throw new ItemEncoderOptionError(value, 'missing model folder');
    return { kind, model: location, pooling: (suffix ?? 'last') as 'last' | 'mean' | 'cls' };
  }
  if (kind === 'finetune') {
    const { location, suffix } = splitSuffix(rest, /^(\d+|all)$/);
    if (location === '') throw new ItemEncoderOptionError(value, 'missing model folder');
    const topLayers = suffix === undefined || suffix === 'all' ? 'all' : Number(suffix);
    if (topLayers !== 'all' && topLayers < 1) {
      throw new ItemEncoderOptionError(value, `top-k must be at least 1, got ${topLayers}`);
    }
    return { kind, model: location, topLayers, lora: 0 };
  }
  const { location, suffix } = splitSuffix(rest, /^\d+,\d+$/);
  if (location === '') throw new ItemEncoderOptionError(value, 'missing tokenizer folder');
  const defaults = defaultItemEncoder('scratch') as Extract<ItemEncoderSpec, { kind: 'scratch' }>;
  const [layers, width] = suffix?.split(',').map(Number) ?? [defaults.layers, defaults.width];
  if (layers < 1 || width < 8 || width % 8 !== 0) {
    throw new ItemEncoderOptionError(
      value,
      `scratch needs at least 1 layer and a width that is a positive multiple of 8, got ${layers},${width}`,
    );
  }
  return { kind, tokenizer: location, layers, width };
}
