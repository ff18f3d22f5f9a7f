import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataCommand } from '../../src/cli/dataCommand';
import { main } from '../../src/cli/main';
import { captureIo } from './cliFixtures';

const FIXTURES = path.resolve(__dirname, '../fixtures/ingestion');
const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

/** Runs `data …` in-process and captures its output. */
async function runData(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await dataCommand(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'hllm-data-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A MovieLens-100K layout made up for the tests (4 ratings, 3 items, one Latin-1 title), written
 * at test time so that no file named like GroupLens data is tracked.
 */
const ML_DIR = path.join(tmp, 'ml-100k');
mkdirSync(ML_DIR);
writeFileSync(
  path.join(ML_DIR, 'u.data'),
  '1\t1\t5\t874965758\n1\t2\t3\t874965700\n2\t3\t4\t875000000\n2\t1\t4\t875000001\n',
);
writeFileSync(
  path.join(ML_DIR, 'u.item'),
  Buffer.from(
    [
      '1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0',
      '2|M\u00e9nage \u00e0 trois (1995)|01-Jan-1995||http://x|0|0|0|0|0|1|0|0|0|0|0|0|0|0|1|0|0|0|0',
      '3|Heat (1995)|01-Jan-1995||http://x|0|1|0|0|0|0|1|0|0|0|0|0|0|0|0|0|1|0|0',
      '',
    ].join('\n'),
    'latin1',
  ),
);
const movielens = (file: string): string => path.join(ML_DIR, file);

describe('data stats', () => {
  it('prints one JSON object for an HLLM dataset, finding information/<name>.csv', async () => {
    const { code, out, err } = await runData([
      'stats',
      '--interactions',
      fixture('hllm/dataset/Mini.csv'),
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const stats = JSON.parse(out);
    expect(stats).toMatchObject({
      name: 'Mini',
      format: 'hllm',
      users: 3,
      items: 3,
      interactions: 6,
      itemsWithText: 3,
      textFields: ['description', 'title', 'tag'],
      skipped: { 'duplicate-row': 1 },
    });
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('finds u.data from u.item for MovieLens (either file of the pair is enough)', async () => {
    for (const file of ['u.item', 'u.data']) {
      const { code, out } = await runData(['stats', '--interactions', movielens(file)]);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({
        format: 'movielens-100k',
        users: 2,
        items: 3,
        interactions: 4,
        itemsWithText: 3,
      });
    }
  });

  it('finds the UniSRec split siblings, text and maps from one split file, with --format', async () => {
    const { code, out } = await runData([
      'stats',
      '--interactions',
      fixture('unisrec/Mini.test.inter'),
      '--format',
      'unisrec',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      name: 'Mini',
      format: 'unisrec',
      users: 2,
      items: 4,
      interactions: 8,
      itemsWithText: 4,
      skipped: {},
    });
  });

  it('uses explicit --items instead of siblings, and says when their ids match no item', async () => {
    const { code, err } = await runData([
      'stats',
      '--interactions',
      movielens('u.data'),
      '--items',
      fixture('hllm/information/Mini.csv'),
      '--text-fields',
      'title',
    ]);
    expect(code).toBe(1);
    expect(err).toContain('none of 3 text ids matches any of 3 item ids');
  });

  it('reads a generic headerless file with --delimiter, --header and --columns', async () => {
    const file = path.join(tmp, 'plays.txt');
    writeFileSync(file, 'x;u1;10\ny;u1;5\nx;u2;7\n');
    const { code, out } = await runData([
      'stats',
      '--interactions',
      file,
      '--format',
      'csv',
      '--delimiter',
      ';',
      '--header',
      'no',
      '--columns',
      'user=column2,item=column1,time=column3',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      users: 2,
      items: 2,
      interactions: 3,
      hasTimestamps: true,
      warnings: [],
    });
  });
});

describe('data convert', () => {
  it('writes the HLLM layout and the result reads back', async () => {
    const out = path.join(tmp, 'hllm');
    const { code } = await runData([
      'convert',
      '--interactions',
      movielens('u.data'),
      '--to',
      'hllm',
      '--out',
      out,
      '--name',
      'ml',
    ]);
    expect(code).toBe(0);
    const csv = readFileSync(path.join(out, 'dataset/ml.csv'), 'utf8');
    expect(csv.trim().split('\n')).toEqual([
      'item_id,user_id,timestamp',
      '2,1,874965700',
      '1,1,874965758',
      '3,2,875000000',
      '1,2,875000001',
    ]);
    const info = readFileSync(path.join(out, 'information/ml.csv'), 'utf8');
    expect(info).toContain('Ménage à trois (1995)');
    const back = await runData(['stats', '--interactions', path.join(out, 'dataset/ml.csv')]);
    expect(JSON.parse(back.out)).toMatchObject({
      format: 'hllm',
      users: 2,
      items: 3,
      interactions: 4,
      itemsWithText: 3,
    });
  });

  it('writes RecBole atomic files', async () => {
    const out = path.join(tmp, 'recbole');
    const { code } = await runData([
      'convert',
      '--interactions',
      fixture('unisrec/Mini.train.inter'),
      '--to',
      'recbole',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const inter = readFileSync(path.join(out, 'Mini.inter'), 'utf8').trim().split('\n');
    expect(inter[0]).toBe('user_id:token\titem_id:token\ttimestamp:float');
    expect(inter.slice(1, 5)).toEqual([
      'AUSERX\tASIN0\t0',
      'AUSERX\tASIN1\t1',
      'AUSERX\tASIN2\t2',
      'AUSERX\tASIN3\t3',
    ]);
    expect(readFileSync(path.join(out, 'Mini.item'), 'utf8')).toContain('ASIN0\tZero. Lab.');
  });
});

describe('data command errors', () => {
  it.each([
    [['stats', '--bogus', 'x'], /unknown argument "--bogus"/],
    [['stats'], /--interactions FILE is required/],
    [['stats', '--interactions'], /--interactions needs a value/],
    [
      ['stats', '--interactions', movielens('u.data'), '--format', 'nope'],
      /--format: unknown value "nope"/,
    ],
    [
      ['convert', '--interactions', movielens('u.data'), '--to', 'parquet', '--out', tmp],
      /--to: unknown value "parquet"/,
    ],
    [['convert', '--interactions', movielens('u.data')], /needs --to hllm\|recbole and --out DIR/],
    [['stats', '--interactions', movielens('u.data'), '--out', tmp], /unknown argument "--out"/],
    [['stats', '--interactions', movielens('u.data'), 'extra'], /unknown argument "extra"/],
    [
      ['stats', '--interactions', movielens('u.data'), '--name', 'a', '--name', 'b'],
      /--name given twice/,
    ],
    [['stats', '--interactions', '--format', 'csv'], /--interactions needs a value/],
    [
      ['stats', '--interactions', movielens('u.data'), '--columns', 'user=a,item=b,rating=c'],
      /--columns: unknown key "rating" \(user, item, time, text\)/,
    ],
    [
      [
        'stats',
        '--interactions',
        movielens('u.data'),
        '--columns',
        'user=a,item=b,text=t',
        '--text-fields',
        't',
      ],
      /give the text columns once/,
    ],
    [
      ['stats', '--interactions', movielens('u.data'), '--progress', '--no-progress'],
      /give either --progress or --no-progress, not both/,
    ],
    [[], /missing subcommand/],
    [['frobnicate'], /unknown subcommand "frobnicate"/],
    [
      ['stats', '--columns', 'user=a', '--interactions', movielens('u.data')],
      /--columns needs user=COLUMN and item=COLUMN/,
    ],
  ])('%j → exit 2', async (argv, message) => {
    const { code, out, err } = await runData(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toMatch(/usage:/);
  });

  it('a missing file is one line naming the flag and the path, exit 2', async () => {
    const { code, out, err } = await runData(['stats', '--interactions', '/no/such/file.csv']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('error: --interactions: file not found: /no/such/file.csv\n');
  });

  it('bad input data exits 1 with the InputError message', async () => {
    const { code, err } = await runData([
      'stats',
      '--interactions',
      fixture('hllm/information/Mini.csv'),
      '--format',
      'hllm',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/Mini\.csv, line 1, column user_id: expected the user column "user_id"/);
  });
});

describe('--help', () => {
  it.each([
    [['--help'], /^usage: data stats\|convert/],
    [['stats', '--help'], /^usage: data stats --interactions FILE/],
    [['stats', '-h', '--bogus'], /^usage: data stats --interactions FILE/],
    [['convert', '--help'], /^usage: data convert .* --to hllm\|recbole --out DIR/],
  ])('%j prints the usage to stdout, exit 0', async (argv, usage) => {
    const { code, out, err } = await runData(argv);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(usage);
  });
});

describe('text columns of a generic interaction file', () => {
  const g = path.join(tmp, 'g.csv');
  writeFileSync(
    g,
    'user,item,title,time\nu0,i0,Alpha,1600000000\nu0,i1,Beta,1600000001\nu1,i0,Alpha,1600000002\nu1,i1,Beta,1600000003\n',
  );

  it('--text-fields copies them into the items (columns guessed), through the CLI', async () => {
    const { code, out } = await runData(['stats', '--interactions', g, '--text-fields', 'title']);
    expect(code).toBe(0);
    const stats = JSON.parse(out);
    expect(stats).toMatchObject({
      users: 2,
      items: 2,
      interactions: 4,
      textFields: ['title'],
      itemsWithText: 2,
      hasTimestamps: true,
    });
    expect(stats.warnings).toContain(
      `${g}: guessed columns user=user, item=item, time=time; text columns title`,
    );
  });

  it('--columns …,text=A|B does too, and the converted HLLM files carry the text', async () => {
    const dir = path.join(tmp, 'g-hllm');
    const { code } = await runData([
      'convert',
      '--interactions',
      g,
      '--columns',
      'user=user,item=item,time=time,text=title',
      '--to',
      'hllm',
      '--out',
      dir,
    ]);
    expect(code).toBe(0);
    const info = readFileSync(path.join(dir, 'information/g.csv'), 'utf8');
    expect(info).toMatch(/Alpha/);
    expect(info).toMatch(/Beta/);
  });

  it('a text column the file lacks is a data error naming it (exit 1)', async () => {
    const { code, err } = await runData(['stats', '--interactions', g, '--text-fields', 'plot']);
    expect(code).toBe(1);
    expect(err).toMatch(/g\.csv.*plot/);
  });

  it('reads generic JSON lines the same way', async () => {
    const jl = path.join(tmp, 'g.jsonl');
    writeFileSync(
      jl,
      [
        { user: 'u0', item: 'i0', title: 'Alpha', time: 1600000000 },
        { user: 'u1', item: 'i1', title: 'Beta', time: 1600000001 },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const { code, out } = await runData(['stats', '--interactions', jl, '--text-fields', 'title']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ textFields: ['title'], itemsWithText: 2 });
  });
});

describe('progress', () => {
  const convert = (out: string, ...extra: string[]) => [
    'convert',
    '--interactions',
    movielens('u.data'),
    '--to',
    'recbole',
    '--out',
    out,
    ...extra,
  ];

  it('shows ingest, parse, build and write lines with an ETA on a terminal', async () => {
    const io = captureIo(true);
    expect(await dataCommand(convert(path.join(tmp, 'p1')), io)).toBe(0);
    const lines = io.stderr().split('\n').filter(Boolean);
    expect(lines[0]).toBe('ingest: parsing 2 files…');
    expect(lines).toContainEqual(expect.stringMatching(/^parse .*: \d+ B of \d+ B, .*, ETA 0s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ingest: 2 users, 3 items in \d+\.\d s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^build: 3 recbole files in \d+\.\d s$/));
    expect(lines.at(-1)).toMatch(/^write: 3\/3 files, .* ETA 0s$/);
  });

  it('stays quiet in a pipe unless --progress, and --no-progress silences a terminal', async () => {
    let io = captureIo(false);
    expect(await dataCommand(convert(path.join(tmp, 'p2')), io)).toBe(0);
    expect(io.stderr()).toBe('');
    io = captureIo(false);
    expect(await dataCommand(convert(path.join(tmp, 'p3'), '--progress'), io)).toBe(0);
    expect(io.stderr()).toMatch(/^write: 3\/3 files/m);
    io = captureIo(true);
    expect(await dataCommand(convert(path.join(tmp, 'p4'), '--no-progress'), io)).toBe(0);
    expect(io.stderr()).toBe('');
  });
});

describe('main', () => {
  it('dispatches "data" and rejects an unknown command with exit 2', async () => {
    let io = captureIo();
    expect(await main(['data', 'stats', '--interactions', movielens('u.data')], {}, io)).toBe(0);
    expect(JSON.parse(io.stdout()).interactions).toBe(4);
    io = captureIo();
    expect(await main(['nope'], {}, io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^error: unknown command "nope"\nusage: cli \[--threads N\] <data\|train\|export\|evaluate>/,
    );
    io = captureIo();
    expect(await main([], {}, io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: missing command\n/);
  });

  it('prints its usage for --help and -h, and passes --help on to a command', async () => {
    for (const argv of [['--help'], ['-h'], ['--threads', '2', '--help']]) {
      const io = captureIo();
      expect(await main(argv, {}, io)).toBe(0);
      expect(io.stdout()).toMatch(/^usage: cli \[--threads N\] <data\|train\|export\|evaluate>/);
      expect(io.stdout()).toMatch(/exit codes: 0 ok, 1 bad input data/);
    }
    const io = captureIo();
    expect(await main(['data', 'convert', '--help'], {}, io)).toBe(0);
    expect(io.stdout()).toMatch(/^usage: data convert/);
  });
});
