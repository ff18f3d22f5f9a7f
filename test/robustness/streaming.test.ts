import { gzipSync, zipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataCommand } from '../../src/cli/dataCommand';
import { InputError } from '../../src/dataset/errors';
import { captureIo } from '../cli/cliFixtures';
import { ingest, type IngestInput, type IngestOptions } from '../../src/ingestion/ingest';
import { encryptedZip, gzipBomb, runCli, utf8 } from './hostileFiles';

const tmp = mkdtempSync(path.join(tmpdir(), 'hllm-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The error `ingest` throws for the input. */
function ingestError(input: IngestInput, options?: IngestOptions): InputError {
  try {
    ingest(input, options);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('ingest accepted the input');
}

const ROWS =
  'user,item,time\nu1,i1,1600000000\nu1,i2,1600000001\nu2,i1,1600000002\nu2,i2,1600000003\n';

describe('hostile inputs: size', () => {
  it('a .gz expanding far beyond the heap stops at the size limit, named, without a crash', async () => {
    const file = path.join(tmp, 'bomb.csv.gz');
    writeFileSync(file, gzipBomb('u1,i1,1600000000\n', 200 * 2 ** 20));
    const run = await runCli(['data', 'stats', '--interactions', file], 128);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: .*bomb\.csv\.gz: expected at most \d+\.\d MiB of input text in all \(the size limit; raise it with --max-input-size.*\), found more: \d+\.\d MiB read so far\n$/,
    );
    expect(run.stderr).not.toMatch(/FATAL|\n\s+at /);
  }, 120_000);

  it('/dev/zero is binary data, found at its first byte', async () => {
    const run = await runCli(['data', 'stats', '--interactions', '/dev/zero']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: /dev/zero: expected a text file (UTF-8, UTF-16 or Latin-1), found binary data (a NUL byte at byte 1)\n',
    );
  }, 60_000);

  it('a zip entry expanding beyond the limit stops there', () => {
    const big = zipSync({ 'data.csv': utf8(`user,item\n${'u1,i1\n'.repeat(3_000_000)}`) });
    const err = ingestError(
      { interactions: [{ name: 'bomb.zip', data: big }] },
      { inputLimit: { bytes: 2 ** 20, raise: 'test' } },
    );
    expect(err.message).toMatch(/^data\.csv: expected at most 1\.0 MiB of input text in all/);
  });
});

describe('--max-input-size', () => {
  it('stops a file beyond the given limit (exit 1) and refuses a malformed size (exit 2)', async () => {
    const file = path.join(tmp, 'two-mib.csv');
    writeFileSync(file, `user,item\n${'u1,i1\nu2,i2\n'.repeat(200_000)}`);
    let io = captureIo();
    expect(await dataCommand(['stats', '--interactions', file, '--max-input-size', '1M'], io)).toBe(
      1,
    );
    expect(io.stderr()).toMatch(
      /^error: .*two-mib\.csv: expected at most 1\.0 MiB of input text in all \(the size limit; raise it with --max-input-size/,
    );
    io = captureIo();
    expect(await dataCommand(['stats', '--interactions', file, '--max-input-size', '1Q'], io)).toBe(
      2,
    );
    expect(io.stderr()).toMatch(/^error: --max-input-size: expected a size such as 500M or 2G/);
    io = captureIo();
    expect(
      await dataCommand(['stats', '--interactions', file, '--max-input-size', '3MiB'], io),
    ).toBe(0);
    expect(JSON.parse(io.stdout()).interactions).toBe(400_000);
  });
});

describe('hostile inputs: archives', () => {
  it('an empty zip', () => {
    const err = ingestError({ interactions: [{ name: 'empty.zip', data: zipSync({}) }] });
    expect(err.message).toBe(
      'empty.zip: expected a zip archive holding data files, found an empty archive',
    );
  });

  it('a zip with only folders', () => {
    const err = ingestError({ interactions: [{ name: 'dirs.zip', data: zipSync({ 'a/': {} }) }] });
    expect(err.message).toMatch(/dirs\.zip: expected a zip archive holding data files/);
  });

  it('an encrypted zip', () => {
    const err = ingestError({
      interactions: [{ name: 'secret.zip', data: encryptedZip('ratings.csv', ROWS) }],
    });
    expect(err.message).toBe(
      'secret.zip: ratings.csv: expected an unencrypted zip entry, found an encrypted (password-protected) entry',
    );
  });

  it('a zip holding only files that are not used names each with why', () => {
    const zip = zipSync({
      'ml-100k/u.info': utf8('943 users\n'),
      'ml-100k/u.genre': utf8('Action|1\n'),
    });
    const err = ingestError({ interactions: [{ name: 'ml.zip', data: zip }] });
    expect(err.message).toBe(
      'ml.zip: expected an interaction file among the inputs, found only files that are not used: ml-100k/u.info (a MovieLens file not used for sequences); ml-100k/u.genre (a MovieLens file not used for sequences)',
    );
  });

  it('a truncated .gz is named as the user gave it', () => {
    const gz = gzipSync(utf8(ROWS.repeat(50)));
    const err = ingestError({
      interactions: [{ name: 'cut.csv.gz', data: gz.subarray(0, gz.length - 12) }],
    });
    expect(err.message).toMatch(
      /^cut\.csv\.gz: expected a valid gzip file, found a corrupt archive/,
    );
  });

  it('an error inside a .gz file names the .gz path', () => {
    const err = ingestError({
      interactions: [
        { name: 'only-header.csv.gz', data: gzipSync(utf8('item_id,user_id,timestamp\n')) },
      ],
    });
    expect(err.message).toBe(
      'only-header.csv.gz, line 2: expected at least one data row after the header, found only a header',
    );
  });
});

describe('hostile inputs: text', () => {
  it('UTF-16 files are read, every row kept', () => {
    const le = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(ROWS, (c) => c.charCodeAt(0)).buffer),
    ]);
    const result = ingest({ interactions: [{ name: 'excel.csv', data: le }] });
    expect(result.dataset.userIds).toEqual(['u1', 'u2']);
    expect(result.dataset.sequences.map((s) => s.length)).toEqual([2, 2]);
  });

  it('a RecBole item file with a quoted title spanning two lines keeps every item text', () => {
    const inter =
      'user_id:token\titem_id:token\ttimestamp:float\nu1\tA\t1\nu1\tB\t2\nu2\tA\t3\nu2\tC\t4\nu3\tD\t5\nu3\tA\t6\n';
    const items =
      'item_id:token\ttitle:token\nA\tAlpha\nB\t"TheraNeem Cream \nVanilla"\nC\tGamma\nD\tDelta\n';
    const result = ingest({
      interactions: [{ name: 'beauty.inter', data: inter }],
      items: [{ name: 'beauty.item', data: items }],
    });
    const titles = Object.fromEntries(
      result.dataset.itemIds.map((id, i) => [id, result.dataset.itemText[i].title]),
    );
    expect(titles).toEqual({ A: 'Alpha', B: 'TheraNeem Cream Vanilla', C: 'Gamma', D: 'Delta' });
    expect(result.skipped).toEqual({});
  });

  it('one stray quote in a CSV loses that row only, counted', () => {
    const rows = `${ROWS}u3,"i1,1600000004\nu3,i2,1600000005\nu3,i3,1600000006\n`;
    const result = ingest({ interactions: [{ name: 'stray.csv', data: rows }] });
    expect(result.skipped).toEqual({ 'malformed-row': 1 });
    expect(result.dataset.sequences.reduce((n, s) => n + s.length, 0)).toBe(6);
  });
});
