import { defineConfig } from "vitest/config";

/** Long fault-injection tests (own PostgreSQL cluster, restarts, outages): `pnpm test:resilience`. */
export default defineConfig({
  test: {
    include: ["test/resilience/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    provide: { databaseUrl: process.env.DATABASE_URL ?? "" },
  },
});
