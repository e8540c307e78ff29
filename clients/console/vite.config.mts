import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into dist/ and served by server/console-server.ts (npm start), never by Vite's dev server in production.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  // The typed operations and their persisted ids are generated beside the operations, outside this folder.
  server: { fs: { allow: ['..', '../..'] } },
});
