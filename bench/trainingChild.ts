import { writeFileSync } from 'node:fs';
import { installWasmThreads } from '../src/cli/wasmThreads';

/**
 * Child process of the training speed benchmark: `trainingChild.ts THREADS EPOCHS OUT.json`.
 * Installs the Wasm thread count before the tensor engine loads, then measures our side.
 */
const [threads, epochs, out] = process.argv.slice(2);
installWasmThreads(Number(threads));
const { oursSpeed } = await import('./training');
writeFileSync(out, JSON.stringify(await oursSpeed(Number(threads), Number(epochs))));
