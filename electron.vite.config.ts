import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          // A worker thread needs its own entry file next to index.js.
          'training-worker': resolve(root, 'src-main/training/training-worker.ts'),
          'engine-worker': resolve(root, 'src-main/engine-worker/engine-worker.ts'),
          // headless-gl trains in a child process of its own (gl works in one thread per process).
          'gl-process': resolve(root, 'src-main/training/gl-process.ts'),
          // The data module's decode pool looks for its worker next to its own code, which the bundler puts in
          // a chunk shared by the worker entries.
          'chunks/decode-worker': resolve(root, 'src-engine/data/decode-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything else into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
