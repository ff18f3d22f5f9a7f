import { create, globals } from 'webgpu';

/** How Dawn was reached: its default (Vulkan) adapter, or the OpenGL ES fallback for CPU-only machines. */
export type DawnRoute = 'default' | 'opengles-compat';

/**
 * Gives Node a `navigator.gpu` from Dawn (the `webgpu` package), so that jax-js's `init('webgpu')`
 * finds an adapter outside a browser. Tries Dawn's default backends first (Vulkan on Linux: a real
 * GPU, or Mesa's lavapipe when its Vulkan is new enough); when none yields an adapter it falls back
 * to Dawn's OpenGL ES backend in compatibility mode (Mesa's llvmpipe through a surfaceless EGL
 * display), which is how this CPU-only machine runs the bench. `DAWN_BACKEND=opengles` forces the
 * fallback, `DAWN_BACKEND=default` forbids it.
 */
export async function installDawn(env: NodeJS.ProcessEnv = process.env): Promise<DawnRoute> {
  const forced = env.DAWN_BACKEND;
  if (forced !== undefined && forced !== 'default' && forced !== 'opengles') {
    throw new Error(`DAWN_BACKEND: expected "default" or "opengles", got "${forced}"`);
  }
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; jax-js reads them.
  Object.assign(globalThis, globals);
  // Dawn's Vulkan and EGL loaders read XDG_RUNTIME_DIR.
  env.XDG_RUNTIME_DIR ??= '/tmp';
  if (forced !== 'opengles') {
    const gpu = create([]);
    if ((await gpu.requestAdapter({ powerPreference: 'high-performance' })) !== null) {
      setNavigator(gpu);
      return 'default';
    }
    if (forced === 'default')
      throw new Error('Dawn found no WebGPU adapter (DAWN_BACKEND=default)');
  }
  // Mesa's EGL needs a platform without a display server.
  env.EGL_PLATFORM ??= 'surfaceless';
  const gles = create(['backend=opengles']);
  const request = gles.requestAdapter.bind(gles);
  // jax-js asks for a core adapter; the GLES backend only offers a compatibility-mode one.
  gles.requestAdapter = (options?: GPURequestAdapterOptions) =>
    request({ ...options, featureLevel: 'compatibility' });
  if ((await gles.requestAdapter()) === null) {
    throw new Error(
      'Dawn found no WebGPU adapter: no Vulkan driver (is libvulkan.so.1 installed, with an ICD?) and no OpenGL ES through EGL',
    );
  }
  setNavigator(gles);
  return 'opengles-compat';
}

/** jax-js reads `navigator.gpu` and `navigator.userAgent` (Node 20 has no `navigator`). */
function setNavigator(gpu: GPU): void {
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu, userAgent: `Node.js ${process.version}` },
    configurable: true,
    writable: true,
  });
}
