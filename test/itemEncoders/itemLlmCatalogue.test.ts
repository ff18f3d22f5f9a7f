import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenizeCatalogue } from '../../src/itemEncoders/itemLlmCatalogue';
import { loadLlamaCheckpoint, type LlamaCheckpoint } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';

const items = [
  { title: 'Toy Story', genres: 'Animation' },
  { title: 'Heat' },
  { title: 'Twelve Monkeys', genres: 'Sci-Fi|Thriller' },
  { title: 'Babe', genres: '' },
  { title: 'Dead Man Walking', genres: 'Drama' },
];
const fields = ['title', 'genres'];

let ckpt: LlamaCheckpoint;
let tokens: number[][];
beforeAll(async () => {
  ckpt = await loadLlamaCheckpoint(
    createLocalModelFiles(join(__dirname, '../fixtures/tiny-llama')),
  );
  tokens = tokenizeCatalogue(ckpt.tokenizer, items, fields, 40);
});

describe('Item LLM over a catalogue', () => {
  it('tokenizes HLLM prompts with the checkpoint tokenizer, truncated', () => {
    expect(tokens.map((t) => t.length)).toEqual(tokens.map(() => 40));
    expect(tokens[0][0]).toBe(1);
    expect(ckpt.tokenizer.decode(tokens[1], { skip_special_tokens: true })).toBe(
      'Compress the following sentence into embedding: title: Heat'.slice(0, 38),
    );
  });
});
