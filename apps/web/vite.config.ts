import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiTarget = process.env.JAMS_API_URL ?? "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/trpc": { target: apiTarget, changeOrigin: false },
      "/auth": { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The manifest lets the code-splitting test see which chunks each route pulls in.
    manifest: true,
    sourcemap: false,
    target: "es2022",
    // CSP is script-src 'self': never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Two pages: the SPA, and the sign-in page with only React and the tRPC client (src/login).
      // The API serves login.html at /login; the dev server maps /login to login.html by itself.
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        login: fileURLToPath(new URL("login.html", import.meta.url)),
      },
    },
  },
});
