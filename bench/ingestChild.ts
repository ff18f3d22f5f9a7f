import { pathToFileURL } from 'node:url';

/**
 * One ingestion measured in its own process: `tsx bench/ingestChild.ts ROOT FILE` reads FILE through
 * ROOT's CLI file reader and `ingest()` (so an older checkout can be measured the same way), then
 * prints one JSON line with the wall time, the CPU time (less sensitive to other load) and the
 * process's peak RSS.
 */
async function main(root: string, file: string): Promise<void> {
  const src = (p: string) => pathToFileURL(`${root}/src/${p}`).href;
  const { readInputFile } = (await import(src('cli/nodeFiles.ts'))) as {
    readInputFile: (f: string) => unknown;
  };
  const { ingest } = (await import(src('ingestion/ingest.ts'))) as {
    ingest: (input: { interactions: unknown[] }) => {
      dataset: { userIds: unknown[]; itemIds: unknown[]; sequences: { length: number }[] };
    };
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = ingest({ interactions: [readInputFile(file)] });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const interactions = result.dataset.sequences.reduce((sum, s) => sum + s.length, 0);
  console.log(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      users: result.dataset.userIds.length,
      items: result.dataset.itemIds.length,
      interactions,
    }),
  );
}

const [root, file] = process.argv.slice(2);
main(root, file).catch((err: unknown) => {
  console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
  process.exitCode = 1;
});
