import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { captureIo } from '../cli/cliFixtures';

/**
 * Hostile command lines and files through the whole CLI (`main`): each gets its exact exit code,
 * one error line (no stack trace) and writes nothing outside the output folder.
 */

const REPO = path.resolve(__dirname, '../..');
const root = mkdtempSync(path.join(tmpdir(), 'hllm-cli-robust-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const inputs = path.join(root, 'inputs');
const folder = path.join(inputs, 'folder');
mkdirSync(folder, { recursive: true });
const g = path.join(inputs, 'g.csv');
writeFileSync(
  g,
  'user,item,title,time\nu0,i0,Alpha,1600000000\nu0,i1,Beta,1600000001\nu1,i0,Alpha,1600000002\nu1,i1,Beta,1600000003\n',
);
writeFileSync(path.join(folder, 'a.csv'), 'user,item\nu0,i0\n');
const existing = path.join(inputs, 'existing.txt');
writeFileSync(existing, 'not a folder\n');
const out = path.join(root, 'out');

/** Every file and folder under `dir` with its size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const s = statSync(full);
      entries[path.relative(dir, full)] = `${s.isDirectory() ? 'dir' : s.size}:${s.mtimeMs}`;
      if (s.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return entries;
}

/** What each hostile case must print. */
type Expect =
  | { kind: 'path'; line: RegExp } // exit 2, exactly one line
  | { kind: 'usage'; line: RegExp } // exit 2, one error line then the usage
  | { kind: 'data'; line: RegExp } // exit 1, exactly one line
  | { kind: 'help'; usage: RegExp }; // exit 0, the usage on stdout

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The commands under test, each with a valid command line to break. */
const COMMANDS: { name: string; argv: string[]; usage: RegExp }[] = [
  { name: 'data stats', argv: ['data', 'stats', '--interactions', g], usage: /^usage: data stats/ },
  {
    name: 'data convert',
    argv: ['data', 'convert', '--interactions', g, '--to', 'hllm', '--out', out],
    usage: /^usage: data convert/,
  },
  {
    name: 'train',
    argv: ['train', '--interactions', g, '--model', 'sasrec', '--out', path.join(out, 'run.json')],
    usage: /^usage:\n {2}train/,
  },
];

/** `argv` with the value after `flag` replaced. */
function withValue(argv: string[], flag: string, value: string): string[] {
  const at = argv.indexOf(flag);
  return [...argv.slice(0, at + 1), value, ...argv.slice(at + 2)];
}

/** The hostile variants of one command line. */
function hostile(cmd: (typeof COMMANDS)[number]): [string, string[], Expect][] {
  const cases: [string, string[], Expect][] = [
    [
      'a folder as --interactions',
      withValue(cmd.argv, '--interactions', folder),
      {
        kind: 'path',
        line: new RegExp(
          `^error: --interactions: ${esc(folder)} is a folder, expected a file \\(it holds a\\.csv\\)`,
        ),
      },
    ],
    [
      'a missing --interactions file',
      withValue(cmd.argv, '--interactions', path.join(inputs, 'nope.csv')),
      { kind: 'path', line: /^error: --interactions: file not found: .*nope\.csv$/ },
    ],
    [
      'an unknown flag',
      [...cmd.argv, '--frobnicate', '3'],
      { kind: 'usage', line: /^error: unknown argument "--frobnicate"$/ },
    ],
    [
      'a flag without its value at the end',
      [...cmd.argv, '--interactions'],
      { kind: 'usage', line: /^error: --interactions needs a value$/ },
    ],
    [
      'a flag whose value is another flag',
      [...cmd.argv.slice(0, 2), '--interactions', '--help-me', ...cmd.argv.slice(2)],
      { kind: 'usage', line: /^error: --interactions needs a value \(write --interactions=VALUE/ },
    ],
    [
      'a stray argument',
      [...cmd.argv, 'stray.csv'],
      { kind: 'usage', line: /^error: unknown argument "stray\.csv"$/ },
    ],
    [
      'a bad --format',
      [...cmd.argv, '--format', 'parquet'],
      { kind: 'usage', line: /^error: --format: unknown value "parquet"; expected one of / },
    ],
    ['--help', [...cmd.argv, '--help'], { kind: 'help', usage: cmd.usage }],
    ['-h among bad flags', [...cmd.argv, '--frobnicate', '-h'], { kind: 'help', usage: cmd.usage }],
  ];
  if (cmd.name === 'data convert') {
    cases.push(
      [
        'an existing file as --out',
        withValue(cmd.argv, '--out', existing),
        {
          kind: 'path',
          line: new RegExp(`^error: --out: ${esc(existing)} is a file, expected a folder`),
        },
      ],
      [
        'an --out below a file',
        withValue(cmd.argv, '--out', path.join(existing, 'sub')),
        { kind: 'path', line: /^error: --out: .*existing\.txt\/sub: a part of the path is a file/ },
      ],
    );
  }
  if (cmd.name === 'train') {
    cases.push(
      [
        'an existing folder as --out',
        withValue(cmd.argv, '--out', folder),
        {
          kind: 'path',
          line: new RegExp(`^error: --out: ${esc(folder)} is a folder, expected a file name$`),
        },
      ],
      [
        'an --out below a file',
        withValue(cmd.argv, '--out', path.join(existing, 'run.json')),
        {
          kind: 'path',
          line: /^error: --out: .*existing\.txt\/run\.json: a part of the path is a file/,
        },
      ],
      [
        'a folder as --checkpoint',
        [...cmd.argv, '--checkpoint', folder],
        { kind: 'path', line: /^error: --checkpoint: .* is a folder, expected a file name$/ },
      ],
      [
        'a folder as --config',
        [...cmd.argv, '--config', folder],
        { kind: 'path', line: /^error: --config: .* is a folder, expected a file/ },
      ],
      [
        'a file as --item-encoder folder',
        withValue(cmd.argv, '--model', 'hllm').concat(['--item-encoder', `frozen:${g}`]),
        { kind: 'path', line: /^error: --item-encoder: .*g\.csv is a file, expected a folder$/ },
      ],
      [
        'a non-number --epochs',
        [...cmd.argv, '--epochs', 'many'],
        { kind: 'usage', line: /^error: --epochs: expected an integer, got "many"$/ },
      ],
    );
  }
  return cases;
}

const CASES = COMMANDS.flatMap((cmd) =>
  hostile(cmd).map(([what, argv, expected]) => [`${cmd.name}: ${what}`, argv, expected] as const),
);

describe('hostile command lines through main', () => {
  it.each(CASES)('%s', async (_, argv, expected) => {
    const before = snapshot(root);
    const io = captureIo();
    const code = await main([...argv], {}, io);
    const err = io.stderr();
    expect(err).not.toMatch(/^\s+at /m);
    if (expected.kind === 'help') {
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(io.stdout()).toMatch(expected.usage);
    } else {
      expect(code).toBe(expected.kind === 'data' ? 1 : 2);
      expect(io.stdout()).toBe('');
      const lines = err.split('\n');
      expect(lines[0]).toMatch(expected.line);
      if (expected.kind === 'usage') expect(lines[1]).toMatch(/^usage:/);
      else expect(lines.slice(1)).toEqual(['']);
    }
    // nothing written anywhere, the output folder included
    expect(snapshot(root)).toEqual(before);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable --interactions file', async () => {
    const locked = path.join(inputs, 'locked.csv');
    writeFileSync(locked, 'user,item\nu0,i0\n');
    chmodSync(locked, 0o000);
    try {
      const io = captureIo();
      expect(await main(['data', 'stats', '--interactions', locked], {}, io)).toBe(2);
      expect(io.stderr()).toBe(
        `error: --interactions: ${locked}: permission denied (cannot read it)\n`,
      );
    } finally {
      rmSync(locked, { force: true });
    }
  });
});

/** Runs the CLI as `npm run cli` does, in `root`. */
function cli(argv: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(
    path.join(REPO, 'node_modules/.bin/tsx'),
    [path.join(REPO, 'src/cli/main.ts'), ...argv],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('hostile command lines in a real process', () => {
  it('a folder as --interactions and a file as --out: one line, exit 2, nothing written', () => {
    const before = snapshot(root);
    let run = cli(['data', 'stats', '--interactions', 'inputs/folder']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'error: --interactions: inputs/folder is a folder, expected a file (it holds a.csv); name a file in it\n',
    );
    run = cli([
      'data',
      'convert',
      '--interactions',
      'inputs/g.csv',
      '--to',
      'hllm',
      '--out',
      'inputs/existing.txt',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'error: --out: inputs/existing.txt is a file, expected a folder (it is made when missing)\n',
    );
    run = cli(['train', '--interactions', 'inputs/g.csv', '--model', 'sasrec', '--out', 'inputs']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('error: --out: inputs is a folder, expected a file name\n');
    expect(snapshot(root)).toEqual(before);
  });

  it('a good conversion writes only inside --out', () => {
    const before = snapshot(root);
    const run = cli([
      'data',
      'convert',
      '--interactions',
      'inputs/g.csv',
      '--text-fields',
      'title',
      '--to',
      'hllm',
      '--out',
      'out/g',
    ]);
    expect(run.stderr).toBe(''); // a pipe: no progress lines
    expect(run.status).toBe(0);
    const after = snapshot(root);
    const added = Object.keys(after).filter((k) => !(k in before));
    expect(added.sort()).toEqual(
      [
        'out',
        'out/g',
        'out/g/README.md',
        'out/g/dataset',
        'out/g/dataset/g.csv',
        'out/g/information',
        'out/g/information/g.csv',
      ].filter((k) => !(k in before)),
    );
    for (const [k, v] of Object.entries(before)) if (!k.startsWith('out')) expect(after[k]).toBe(v);
    expect(JSON.parse(run.stdout)).toMatchObject({ textFields: ['title'], itemsWithText: 2 });
  });
});
