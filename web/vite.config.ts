import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The binary serves dist/ (src/web): index.html at / and the client paths, hashed files under
// /assets/. make builds into its own tree (MEEKIJK_WEB_OUT) so build trees never share dist/.
// No inline scripts or styles (the server's Content-Security-Policy forbids them), no data: URIs.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.MEEKIJK_WEB_OUT || 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev` against a local `meekijk serve` on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
