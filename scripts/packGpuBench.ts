// Packs the GPU bench into one git-ignored folder that travels with the tree to a bare CUDA
// machine (no network, no Node): `npx tsx scripts/packGpuBench.ts [outDir]` (default gpu-bundle/).
// Then, there: `sh gpu-bundle/run.sh` (see BENCHMARKS.md, "GPU benchmark: how to run").
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIB = 2 ** 20;
/** What the device tool carries with the tree in all; the bundle must leave room for the rest. */
const LIMIT_MIB = 60;

function gzipTo(src: string, dest: string): void {
  writeFileSync(dest, gzipSync(readFileSync(src), { level: constants.Z_BEST_COMPRESSION }));
}

/** Node without its symbols (86 MB instead of 99 MB here), or as it is when `strip` is missing. */
function strippedNode(dir: string): string {
  const out = path.join(dir, 'node.stripped');
  const strip = spawnSync('strip', ['-o', out, process.execPath]);
  if (strip.status === 0) return out;
  copyFileSync(process.execPath, out);
  return out;
}

/**
 * Debian's libvulkan1 and the GL dispatch libraries NVIDIA's Vulkan ICD loads (the device README's
 * set), as .debs in `dir`: those already there are kept, the rest downloaded here with apt-get.
 */
const DEBS = ['libvulkan1', 'libglvnd0', 'libegl1', 'libgl1', 'libglx0', 'libopengl0', 'libgles2'];

function fetchDebs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const have = readdirSync(dir);
  const missing = DEBS.filter(
    (p) => !have.some((f) => f.startsWith(`${p}_`) && f.endsWith('_amd64.deb')),
  );
  if (missing.length > 0) {
    execFileSync('apt-get', ['download', ...missing.map((p) => `${p}:amd64`)], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
}

function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

/**
 * Writes the bundle: Node (stripped, gzipped), the bench bundled into one ES module with jax-js,
 * Dawn's linux-x64 `dawn.node` (gzipped) with the `webgpu` package's loader, a stand-in for
 * `onnxruntime-node` (which transformers.js requires at load; the bench runs no ONNX model), the PyTorch side with
 * its reference modules, the tokenizer of the random checkpoints, Debian's libvulkan1 and GL
 * dispatch .debs and run.sh. Fails when the folder is over 60 MiB.
 */
export async function packGpuBench(outDir = path.join(ROOT, 'gpu-bundle')): Promise<number> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the bundle carries this Node binary; pack it on linux-x64, not ${process.platform}-${process.arch}`,
    );
  }
  fetchDebs(path.join(outDir, 'debs'));
  for (const entry of readdirSync(outDir)) {
    if (entry !== 'debs') rmSync(path.join(outDir, entry), { recursive: true, force: true });
  }
  await build({
    entryPoints: [path.join(ROOT, 'bench/gpu/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path.join(outDir, 'bench.mjs'),
    external: ['webgpu'],
    // Native modules transformers.js loads but the bench never uses (it only tokenizes).
    alias: { sharp: path.join(ROOT, 'bench/gpu/stubs/sharp.cjs') },
    // Bundled CommonJS dependencies call require().
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    // The bench reports jax-js's version; its package.json does not travel.
    define: {
      'process.env.BUNDLED_JAXJS_VERSION': JSON.stringify(
        (
          JSON.parse(
            readFileSync(path.join(ROOT, 'node_modules/@jax-js/jax/package.json'), 'utf8'),
          ) as { version: string }
        ).version,
      ),
    },
    logLevel: 'warning',
  });
  const stripped = strippedNode(outDir);
  gzipTo(stripped, path.join(outDir, 'node.gz'));
  rmSync(stripped);
  const webgpu = path.join(ROOT, 'node_modules/webgpu');
  gzipTo(path.join(webgpu, 'dist/linux-x64/dawn.node'), path.join(outDir, 'dawn.node.gz'));
  mkdirSync(path.join(outDir, 'webgpu'));
  for (const f of ['index.js', 'package.json']) {
    copyFileSync(path.join(webgpu, f), path.join(outDir, 'webgpu', f));
  }
  const ort = path.join(outDir, 'onnxruntime-node');
  mkdirSync(ort);
  copyFileSync(path.join(ROOT, 'bench/gpu/stubs/onnxruntime-node.cjs'), path.join(ort, 'index.js'));
  writeFileSync(
    path.join(ort, 'package.json'),
    '{ "name": "onnxruntime-node", "main": "index.js" }\n',
  );
  copyFileSync(path.join(ROOT, 'bench/gpu/torch_bench.py'), path.join(outDir, 'torch_bench.py'));
  mkdirSync(path.join(outDir, 'reference'));
  copyFileSync(
    path.join(ROOT, 'scripts/reference/modules.py'),
    path.join(outDir, 'reference/modules.py'),
  );
  const tokenizer =
    process.env.HLLM_TOKENIZER_DIR ?? path.join(ROOT, '..', 'shared/models/tiny-random-llama-fp16');
  mkdirSync(path.join(outDir, 'tokenizer'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
    copyFileSync(path.join(tokenizer, f), path.join(outDir, 'tokenizer', f));
  }
  copyFileSync(path.join(ROOT, 'bench/gpu/run.sh'), path.join(outDir, 'run.sh'));
  const bytes = sizeOf(outDir);
  console.log(`${outDir}: ${(bytes / MIB).toFixed(1)} MiB`);
  if (bytes > LIMIT_MIB * MIB) {
    throw new Error(
      `${outDir} is ${(bytes / MIB).toFixed(1)} MiB, over the ${LIMIT_MIB} MiB it may take`,
    );
  }
  return bytes;
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === `file://${path.resolve(process.argv[1])}`
) {
  packGpuBench(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
