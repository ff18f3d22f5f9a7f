import { resolveObjectURL } from 'node:buffer';
import { Worker as ThreadWorker } from 'node:worker_threads';

/**
 * jax-js runs its Wasm kernels on a pool of Web Workers when the global scope has `Worker` and
 * `SharedArrayBuffer`; Node has `worker_threads` instead. This shim gives jax-js the part of the
 * Web Worker API its pool uses (a blob-URL script, `postMessage`, `onmessage`, `onerror`).
 */

/** Runs inside each thread: exposes `self`/`postMessage`, then evaluates the pool's script. */
const BOOTSTRAP = `
const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
parentPort.once('message', ({ source }) => {
  (0, eval)(source);
  parentPort.on('message', (data) => self.onmessage({ data }));
});
`;

let started = 0;

class NodeWebWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  readonly #thread: ThreadWorker;
  /** Messages posted before the script arrived in the thread; null once it has. */
  #early: unknown[] | null = [];
  /** Messages awaiting their one reply (the pool's protocol): the thread holds the process only then. */
  #inFlight = 0;

  constructor(url: string | URL) {
    const blob = resolveObjectURL(String(url));
    if (blob === undefined) throw new Error(`Worker: ${String(url)} is not a blob URL`);
    this.#thread = new ThreadWorker(BOOTSTRAP, { eval: true });
    started += 1;
    this.#thread.on('message', (data: unknown) => {
      this.#settle();
      this.onmessage?.({ data });
    });
    this.#thread.on('error', (err: Error) => this.onerror?.({ message: err.message }));
    this.#thread.unref();
    void blob.text().then((source) => {
      this.#thread.postMessage({ source });
      for (const message of this.#early ?? []) this.#thread.postMessage(message);
      this.#early = null;
    });
  }

  #settle(): void {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) this.#thread.unref();
  }

  postMessage(message: unknown): void {
    this.#inFlight += 1;
    if (this.#inFlight === 1) this.#thread.ref();
    if (this.#early) this.#early.push(message);
    else this.#thread.postMessage(message);
  }

  terminate(): void {
    void this.#thread.terminate();
  }
}

let installed: number | null = null;

/** Thread count installed by `installWasmThreads`, or null (kernels run on the calling thread). */
export function wasmThreads(): number | null {
  return installed;
}

/** Node threads started for jax-js's pool so far (it starts them at its first kernel). */
export function startedWasmThreads(): number {
  return started;
}

/**
 * Lets jax-js's Wasm backend split each kernel over `threads` Node worker threads. Must run before
 * `@jax-js/jax` is first imported (its backend picks its pool when the module loads); results are
 * the same as on one thread, reads must be asynchronous (`await x.data()`).
 */
export function installWasmThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`Wasm threads: expected a whole number ≥ 1, got ${threads}`);
  }
  if (installed !== null) {
    throw new Error(`Wasm threads: already installed (${installed} threads)`);
  }
  installed = threads;
  if (threads === 1) return;
  Object.defineProperty(globalThis, 'Worker', { value: NodeWebWorker, configurable: true });
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...globalThis.navigator, hardwareConcurrency: threads },
    configurable: true,
  });
}
