import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

describe("testDrivers without DATABASE_URL", () => {
  it("reports the PostgreSQL variant as skipped rather than leaving it out silently", async () => {
    const env = { ...process.env, DATABASE_URL: "" };
    const { stdout } = await exec("npx", ["vitest", "run", "--config", "test/fixtures/vitest.fixture.config.ts", "--reporter=json"], { cwd: root, env });
    const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as { numPassedTests: number; numPendingTests: number; numTodoTests: number };
    expect(report.numPassedTests).toBe(1);
    expect(report.numPendingTests).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
