import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main, parseThreadsOption } from '../../src/cli/main';
import { installWasmThreads, wasmThreads } from '../../src/cli/wasmThreads';
import { attentionLike } from './wasmThreadsProbe';

const child = (threads: number) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'wasmThreadsChild.ts'), String(threads)],
    { encoding: 'utf8', timeout: 60_000 },
  );

describe('Wasm threads in Node', () => {
  it('splits kernels over worker threads with the same results as one thread, then exits', async () => {
    const run = child(2);
    expect(run.status, run.stderr).toBe(0); // exits by itself: idle threads do not hold the process
    const out = JSON.parse(run.stdout) as { started: number; values: number[] };
    expect(out.started).toBe(2);
    const single = await attentionLike(); // this process: no pool
    expect(out.values).toHaveLength(64 * 40);
    expect(out.values).toEqual(Array.from(single));
  });

  it('rejects a bad thread count and a second installation', () => {
    expect(() => installWasmThreads(0)).toThrow(/expected a whole number ≥ 1, got 0/);
    installWasmThreads(1);
    expect(wasmThreads()).toBe(1);
    expect(() => installWasmThreads(2)).toThrow(/already installed \(1 threads\)/);
  });
});

describe('--threads', () => {
  it('is split from the command line, with HLLM_WASM_THREADS as its default', () => {
    expect(parseThreadsOption(['train', '--threads', '4', '--epochs', '2'], {})).toEqual({
      threads: 4,
      rest: ['train', '--epochs', '2'],
    });
    expect(parseThreadsOption(['data'], { HLLM_WASM_THREADS: '3' })).toEqual({
      threads: 3,
      rest: ['data'],
    });
    expect(parseThreadsOption(['data'], {})).toEqual({ threads: 1, rest: ['data'] });
  });

  it('gets a clear error for a malformed value', async () => {
    expect(parseThreadsOption(['--threads', 'two', 'train'], {})).toEqual({
      error: '--threads: expected a whole number from 1 to 64, got "two"',
    });
    expect(parseThreadsOption(['train', '--threads'], {})).toEqual({
      error: '--threads: expected a number after it',
    });
    expect(parseThreadsOption(['data'], { HLLM_WASM_THREADS: '0' })).toEqual({
      error: 'HLLM_WASM_THREADS: expected a whole number from 1 to 64, got "0"',
    });
    const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--threads', '-1', 'train'], {})).toBe(2);
      expect(String(errWrite.mock.calls[0][0])).toMatch(
        /--threads: expected a whole number from 1 to 64, got "-1"\nusage: cli \[--threads N\]/,
      );
    } finally {
      errWrite.mockRestore();
    }
  });
});
