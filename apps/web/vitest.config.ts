import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds apps/web/dist once per run: the code-splitting test reads its manifest and the
    // browser tests are served that exact build by the API.
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser suites each start an IdP, an API and Chromium; on two cores, one file at a time.
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
