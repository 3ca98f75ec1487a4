// Vite build of the HMI (output: dist/, served by the gateway). In development, API and socket.io go to a gateway.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway the dev server forwards to (default: the contract's port on loopback).
const gateway = process.env.ZLD_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/healthz': { target: gateway, changeOrigin: false },
      '/socket.io': { target: gateway, ws: true, changeOrigin: false },
    },
  },
});
