import type { ProgressCallback as LoadProgressCallback } from '@huggingface/transformers';
import type { FileDownloadProgress, FileProgressCallback } from './itemLlmFiles';

/**
 * Turns transformers.js's load events into per-file progress, as the "Fetch its files" step
 * reports it. A file is reported from its `download` event (the file was found, in the cache or
 * the model folder), then with its bytes from `progress` events (and from the per-file map of
 * `progress_total`, which is all Node's ONNX loads send), and as done from its `done` event (its
 * size stays unknown, null, when no event gave it).
 * `initiate` reports nothing yet, since an optional file that is absent never goes further; `ready`
 * carries no file. Byte updates are passed on when a file's share grows by a whole percent, or its
 * size is unknown, so a large model sends about a hundred updates, not one per chunk.
 */
export function fileProgressFromLoad(report: FileProgressCallback): LoadProgressCallback {
  const files = new Map<string, FileDownloadProgress>();
  const update = (name: string, file: string, change: Partial<FileDownloadProgress>) => {
    const before = files.get(file);
    const next = {
      source: name,
      file,
      loaded: 0,
      total: null,
      done: false,
      ...before,
      ...change,
    };
    files.set(file, next);
    const percent = (p: FileDownloadProgress | undefined) =>
      p?.total ? Math.floor((100 * p.loaded) / p.total) : p?.loaded;
    if (before === undefined || next.done !== before.done || percent(next) !== percent(before))
      report(next);
  };
  return (info) => {
    switch (info.status) {
      case 'download':
        files.delete(info.file);
        update(info.name, info.file, {});
        break;
      case 'progress':
        if (files.has(info.file))
          update(info.name, info.file, { loaded: info.loaded, total: info.total });
        break;
      case 'progress_total':
        for (const [file, bytes] of Object.entries(info.files)) {
          const known = files.get(file);
          if (known !== undefined && !known.done)
            update(info.name, file, { loaded: bytes.loaded, total: bytes.total });
        }
        break;
      case 'done':
        update(info.name, info.file, { done: true });
        break;
      case 'initiate':
      case 'ready':
        break;
    }
  };
}
