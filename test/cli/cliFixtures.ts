import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandIo } from '../../src/cli/commandIo';
import { toHllmFiles } from '../../src/export/hllmLayout';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

/** Writes a small synthetic dataset (120 users, 120 items) in HLLM's layout to a new temp folder. */
export function writeTinyHllmDataset(prefix: string): { dir: string; interactions: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const dataset = generateSyntheticDataset({ seed: 3, numItems: 120, numUsers: 120 });
  for (const [rel, content] of Object.entries(toHllmFiles(dataset, 'tiny'))) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return { dir, interactions: path.join(dir, 'dataset', 'tiny.csv') };
}

/** A CommandIo that keeps what a command prints; `errIsTty` plays a terminal on stderr. */
export function captureIo(
  errIsTty = false,
): CommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    errIsTty,
    stdout: () => out,
    stderr: () => err,
  };
}
