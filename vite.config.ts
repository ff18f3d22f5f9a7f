import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation: gives workers SharedArrayBuffer, so jax-js's Wasm fallback and ONNX
 * Runtime's Wasm run their kernels on every core. Hub downloads are CORS requests and still work.
 * A static host must send the same two headers (public/_headers does so on Netlify and Cloudflare Pages).
 */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: ISOLATION },
  server: { host: '127.0.0.1', headers: ISOLATION },
});
