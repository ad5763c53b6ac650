import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fault-injection suites run apart: `pnpm test:resilience` (vitest.resilience.config.ts).
    exclude: ["test/resilience/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: suites that each start servers, an IdP and argon2 hashing run one file at a time.
    fileParallelism: false,
    // Read once here so test files receive the URL through inject() rather than the environment.
    provide: { databaseUrl: process.env.DATABASE_URL ?? "" },
  },
});

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
