import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into dist/ and served by server/console-server.ts (npm start), never by Vite's dev server in production.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The shell (React, Apollo Client, the router, i18next, oidc-client-ts) is ~670 kB, 186 kB
    // gzipped; each screen and the reports' charts load on their own when first opened.
    chunkSizeWarningLimit: 800,
  },
  // The typed operations and their persisted ids are generated beside the operations, outside this folder.
  server: { fs: { allow: ['..', '../..'] } },
});
