import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Read once here so test files receive the URL through inject() rather than the environment.
    provide: { databaseUrl: process.env.DATABASE_URL ?? "" },
  },
});

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
