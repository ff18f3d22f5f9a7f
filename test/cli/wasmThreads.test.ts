import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, threadsOption } from '../../src/cli/main';
import { installWasmThreads, wasmThreads } from '../../src/cli/wasmThreads';
import { captureIo } from './cliFixtures';
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
  it('comes before the command, with HLLM_WASM_THREADS as its default', () => {
    expect(threadsOption('4', {})).toBe(4);
    expect(threadsOption(undefined, { HLLM_WASM_THREADS: '3' })).toBe(3);
    expect(threadsOption('2', { HLLM_WASM_THREADS: '3' })).toBe(2);
    expect(threadsOption(undefined, {})).toBe(1);
  });

  it('gets a clear error for a malformed value, and a hint when given after the command', async () => {
    expect(() => threadsOption('two', {})).toThrow(
      '--threads: expected a whole number from 1 to 64, got "two"',
    );
    expect(() => threadsOption(undefined, { HLLM_WASM_THREADS: '0' })).toThrow(
      'HLLM_WASM_THREADS: expected a whole number from 1 to 64, got "0"',
    );
    let io = captureIo();
    expect(await main(['--threads', '-1', 'train'], {}, io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: --threads needs a value \(write --threads=VALUE/);
    io = captureIo();
    expect(await main(['--threads=-1', 'train'], {}, io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^error: --threads: expected a whole number from 1 to 64, got "-1"\nusage: cli \[--threads N\]/,
    );
    io = captureIo();
    expect(await main(['--threads'], {}, io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: --threads needs a value\n/);
    io = captureIo();
    expect(await main(['train', '--threads', '2', '--synthetic'], {}, io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^error: unknown argument "--threads" \(a global option: give it before the command\)/,
    );
  });
});
