import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The agent web app. No React plugin: Vite 8 transforms JSX itself (oxc, automatic runtime).
 * `npm run dev:web` serves it with hot reload and proxies the API to a server on :3000.
 */
export default defineConfig({
  root,
  base: '/',
  mode: 'production',
  // Built from test runners too (NODE_ENV=test): always ship React's production build.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  oxc: { jsx: { runtime: 'automatic', development: false } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      // react-query marks files "use client" for server-component bundlers; meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false }, '/healthz': 'http://localhost:3000' },
  },
});
