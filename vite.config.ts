import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('./src/web', import.meta.url));

/**
 * Two pages from one build: the desktop console at `/` and the worker H5 at `/m/`. They share
 * only small modules (API client, i18n), so a phone never loads the console's Ant Design chunks.
 */
export default defineConfig({
  root: web,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { console: `${web}/index.html`, h5: `${web}/m/index.html` },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
