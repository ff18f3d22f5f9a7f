import { describe, expect, it } from 'vitest';
import { runJob, toWorkerFailure } from '../../src/compute/workerResult';
import { InputError } from '../../src/dataset/errors';

describe('worker results', () => {
  it('keeps the location and expectation of an input error', () => {
    const error = new InputError({ file: 'u.data', line: 4, column: 2 }, 'an item id', '""');
    expect(toWorkerFailure(error)).toEqual({
      kind: 'input',
      message: 'u.data, line 4, column 2: expected an item id, found ""',
      file: 'u.data',
      line: 4,
      column: 2,
      expected: 'an item id',
    });
  });

  it('reports other errors and thrown values by message', () => {
    expect(toWorkerFailure(new RangeError('out of memory'))).toEqual({
      kind: 'internal',
      message: 'out of memory',
    });
    expect(toWorkerFailure('plain')).toEqual({ kind: 'internal', message: 'plain' });
  });

  it('runJob captures values and failures, sync or async', async () => {
    expect(await runJob(() => 3)).toEqual({ ok: true, value: 3 });
    expect(await runJob(async () => 'x')).toEqual({ ok: true, value: 'x' });
    const failed = await runJob(() => {
      throw new InputError({ file: 'a.csv' }, 'a header row');
    });
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.failure.kind).toBe('input');
  });
});
