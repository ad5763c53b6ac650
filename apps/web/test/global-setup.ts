import { fileURLToPath } from "node:url";
import { build } from "vite";

/** `vite build` into apps/web/dist before any test file runs. */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  await build({
    root,
    configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
    logLevel: "warn",
    // Vitest sets NODE_ENV=test, which would bundle React's development build: build what
    // `pnpm build` ships, so the size budget (test/build) and the browser tests see production code.
    mode: "production",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
}
