import { installWasmThreads, startedWasmThreads } from '../../src/cli/wasmThreads';

/** Child of wasmThreads.test.ts: `wasmThreadsChild.ts THREADS` prints the threads started and the values. */
installWasmThreads(Number(process.argv[2]));
const { attentionLike } = await import('./wasmThreadsProbe');
const values = await attentionLike();
process.stdout.write(JSON.stringify({ started: startedWasmThreads(), values: Array.from(values) }));
