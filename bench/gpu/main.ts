// Entry of bench/gpu/webgpuBench.ts (and of its esbuild bundle): Dawn keeps Node alive, so it exits.
import { main } from './webgpuBench';

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
