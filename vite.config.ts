import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      // the staff workspace (index.html) and, apart, the public site's one script: the receipt look-up
      input: { index: resolve(import.meta.dirname, 'src/web/index.html'), lookup: resolve(import.meta.dirname, 'src/web/site/lookup.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'lookup' ? 'site/lookup.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
