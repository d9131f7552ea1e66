import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** The SPA, built into web/dist and served by the server (src/server/http/routes/web.ts). */
export default defineConfig({
  root: webDir,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Chromium, Firefox and Safari all support modulepreload; no polyfill needed.
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev:web` beside `npm run demo`: the API stays on the demo's port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
    // The web app imports the shared contract from ../src.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
