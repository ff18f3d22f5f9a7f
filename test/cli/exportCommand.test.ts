import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/exportCommand';
import { trainCommand } from '../../src/cli/trainCommand';
import { defaultRunConfig } from '../../src/config/defaults';
import { configFromBundle } from '../../src/export/hllmBundle';
import type { RunRecord } from '../../src/runs/runRecord';
import { captureIo, writeTinyHllmDataset } from './cliFixtures';

let dir: string;
let interactions: string;
let runFile: string;

beforeAll(async () => {
  ({ dir, interactions } = writeTinyHllmDataset('export-cli-'));
  const config = path.join(dir, 'sasrec.json');
  writeFileSync(
    config,
    JSON.stringify({
      seed: 9,
      model: { kind: 'sasrec', hiddenSize: 16, innerSize: 32, numLayers: 1, numHeads: 1 },
      data: { kCore: 2, maxHistory: 10 },
      train: { epochs: 1, batchSize: 64, numNegatives: 32 },
    }),
  );
  runFile = path.join(dir, 'run.json');
  const io = captureIo();
  const code = await trainCommand(
    ['--interactions', interactions, '--config', config, '--max-steps', '1', '--out', runFile],
    io,
  );
  if (code !== 0) throw new Error(io.stderr());
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export hllm-bundle', () => {
  it("writes a bundle of the run's data whose settings parse back to the run config", async () => {
    const out = path.join(dir, 'bundle');
    const io = captureIo();
    const code = await exportCommand(
      ['hllm-bundle', '--run', runFile, '--interactions', interactions, '--out', out],
      io,
    );
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    const record = JSON.parse(readFileSync(runFile, 'utf8')) as RunRecord;
    const read = (rel: string) => readFileSync(path.join(out, rel), 'utf8');
    const files = Object.fromEntries(
      ['overrides.yaml', 'run.sh', 'README.md', 'run-config.json'].map((f) => [f, read(f)]),
    );
    // De-duplication and k-core are applied to the exported data rather than set in the yaml.
    const back = configFromBundle(files, defaultRunConfig('sasrec'));
    expect(back).toEqual({ ...record.config, data: { ...record.config.data, kCore: 5 } });
    expect(files['README.md']).toContain('2-core');
    expect(existsSync(path.join(out, 'dataset', 'tiny.csv'))).toBe(true);
    expect(existsSync(path.join(out, 'information', 'tiny.csv'))).toBe(true);
    expect(statSync(path.join(out, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(io.stdout()).toMatch(/not carried[\s\S]*shared pool of negatives/);
  });

  it('refuses data other than the run trained on (exit 1)', async () => {
    const other = writeTinyHllmDataset('export-other-');
    const rows = readFileSync(other.interactions, 'utf8').trim().split('\n');
    writeFileSync(other.interactions, `${rows.slice(0, -5).join('\n')}\n`);
    const io = captureIo();
    const code = await exportCommand(
      [
        'hllm-bundle',
        '--run',
        runFile,
        '--interactions',
        other.interactions,
        '--out',
        path.join(other.dir, 'b'),
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr()).toMatch(/expected the data the run trained on/);
    rmSync(other.dir, { recursive: true, force: true });
  });

  it('reports usage errors with exit 2 and prints help with exit 0', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing what to export/],
      [['recbole'], /unknown export "recbole"/],
      [['hllm-bundle', '--interactions', 'x', '--out', 'y'], /--run RUN.json is required/],
      [['hllm-bundle', '--run', 'r', '--out', 'y'], /--interactions FILE is required/],
      [['hllm-bundle', '--run', 'r', '--interactions', 'x', '--bogus', '1'], /bogus/],
      [
        ['hllm-bundle', '--run', 'nope.json', '--interactions', 'x', '--out', 'y'],
        /file not found: nope.json/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await exportCommand(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(message);
    }
    const help = captureIo();
    expect(await exportCommand(['hllm-bundle', '--help'], help)).toBe(0);
    expect(help.stdout()).toMatch(/usage:\n {2}export hllm-bundle --run RUN.json/);
  });

  it('reports an unreadable run record as a data error (exit 1)', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"config": ');
    const io = captureIo();
    expect(
      await exportCommand(
        ['hllm-bundle', '--run', bad, '--interactions', interactions, '--out', dir],
        io,
      ),
    ).toBe(1);
    expect(io.stderr()).toMatch(/bad\.json: expected a JSON run record/);
  });
});
