import { describe, expect, it } from 'vitest';
import type { FileDownloadProgress } from '../../src/compute/itemLlmFiles';
import { fileProgressFromLoad } from '../../src/compute/modelLoadProgress';

const name = 'org/model';

describe('per-file progress from transformers.js load events', () => {
  it('follows found files from download to done, a whole percent at a time', () => {
    const seen: FileDownloadProgress[] = [];
    const on = fileProgressFromLoad((p) => seen.push(p));
    on({ status: 'initiate', name, file: 'generation_config.json' });
    on({ status: 'initiate', name, file: 'model.onnx' });
    on({ status: 'download', name, file: 'model.onnx' });
    for (const loaded of [1000, 1001, 2500, 10_000])
      on({
        status: 'progress',
        name,
        file: 'model.onnx',
        progress: loaded / 100,
        loaded,
        total: 10_000,
      });
    on({ status: 'done', name, file: 'model.onnx' });
    on({ status: 'ready', task: 'feature-extraction', model: name });
    const at = (loaded: number, total: number | null, done = false) => ({
      source: name,
      file: 'model.onnx',
      loaded,
      total,
      done,
    });
    expect(seen).toEqual([
      at(0, null),
      at(1000, 10_000),
      at(2500, 10_000),
      at(10_000, 10_000),
      at(10_000, 10_000, true),
    ]);
  });

  it('takes the bytes of files being read from progress_total, and leaves the size of a file without any unknown', () => {
    const seen: FileDownloadProgress[] = [];
    const on = fileProgressFromLoad((p) => seen.push(p));
    on({ status: 'download', name, file: 'config.json' });
    on({ status: 'done', name, file: 'config.json' });
    on({ status: 'download', name, file: 'model.onnx' });
    on({
      status: 'progress_total',
      name,
      progress: 100,
      loaded: 515,
      total: 515,
      files: {
        'config.json': { loaded: 15, total: 15 },
        'model.onnx': { loaded: 500, total: 500 },
      },
    });
    on({ status: 'done', name, file: 'model.onnx' });
    expect(seen.map((p) => [p.file, p.loaded, p.total, p.done])).toEqual([
      ['config.json', 0, null, false],
      ['config.json', 0, null, true],
      ['model.onnx', 0, null, false],
      ['model.onnx', 500, 500, false],
      ['model.onnx', 500, 500, true],
    ]);
  });
});
