import { fileURLToPath } from "node:url";
import { build } from "vite";

/** `vite build` into apps/web/dist before any test file runs. */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  // Vitest sets NODE_ENV=test, which would bundle React's development build (and the JSX dev
  // transform): build what `pnpm build` ships, so the size budget (test/build) and the browser
  // tests see production code. Restored before the test workers start.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root, configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)), logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
