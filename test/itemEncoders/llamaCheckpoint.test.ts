import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../../src/itemEncoders/errors';
import { loadLlamaCheckpoint, parseLlamaConfig } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';

const DIR = join(__dirname, '../fixtures/tiny-llama');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A copy of the fixture with `edit` applied. */
async function brokenCopy(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
  dirs.push(dir);
  await cp(DIR, dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function editConfig(dir: string, change: Record<string, unknown>): Promise<void> {
  const file = join(dir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify({ ...config, ...change }));
}

/** A safetensors file with one tensor of the given dtype. */
function oneTensor(name: string, dtype: string, shape: number[], bytes: number): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({ [name]: { dtype, shape, data_offsets: [0, bytes] } }).padEnd(64, ' '),
  );
  const out = new Uint8Array(8 + header.length + bytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
}

const load = (dir: string) => loadLlamaCheckpoint(createLocalModelFiles(dir));

describe('loadLlamaCheckpoint errors', () => {
  it.each(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'])(
    'names a missing %s',
    async (file) => {
      const dir = await brokenCopy((d) => rm(join(d, file)));
      const error = await load(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).file).toBe(file);
      expect((error as Error).message).toContain(`${dir}: ${file}: file not found`);
    },
  );

  it('rejects an unsupported architecture', async () => {
    const dir = await brokenCopy((d) =>
      editConfig(d, { model_type: 'gpt2', architectures: ['GPT2LMHeadModel'] }),
    );
    await expect(load(dir)).rejects.toThrow(/config\.json: unsupported architecture.*gpt2/);
  });

  it('rejects a tokenizer with ids beyond the embedding table', async () => {
    const dir = await brokenCopy((d) => editConfig(d, { vocab_size: 50 }));
    await expect(load(dir)).rejects.toThrow(
      /tokenizer\.json: tokenizer mismatch: ids up to 97.*vocab_size is 50/,
    );
  });

  it('rejects integer weights', async () => {
    const dir = await brokenCopy((d) =>
      writeFile(join(d, 'model.safetensors'), oneTensor('model.norm.weight', 'I32', [32], 128)),
    );
    await expect(load(dir)).rejects.toThrow(
      /model\.safetensors: model\.norm\.weight: unsupported dtype I32/,
    );
  });

  it('rejects weights that do not match config.json', async () => {
    const dir = await brokenCopy((d) => editConfig(d, { num_hidden_layers: 3 }));
    await expect(load(dir)).rejects.toThrow(
      /model\.safetensors: weights do not match config\.json: missing \[layers\.2\./,
    );
    const wide = await brokenCopy((d) => editConfig(d, { intermediate_size: 48 }));
    await expect(load(wide)).rejects.toThrow(
      /layers\.0\.mlp\.gate_proj\.weight: expected shape \[48, 32\], found \[64, 32\]/,
    );
  });

  it('rejects unsupported config fields by name', () => {
    const base = JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8'));
    expect(() => parseLlamaConfig({ ...base, head_dim: 16 }, 'x')).toThrow(
      /x: config\.json: unsupported head_dim 16/,
    );
    expect(() => parseLlamaConfig({ ...base, hidden_act: 'gelu' }, 'x')).toThrow(/hidden_act gelu/);
    expect(() => parseLlamaConfig({ ...base, hidden_size: 0 }, 'x')).toThrow(
      /positive integer hidden_size/,
    );
  });
});
