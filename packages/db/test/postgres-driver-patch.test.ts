/**
 * patches/postgres@3.4.9.patch: a query on a connection whose server side went away must
 * reject (CONNECTION_CLOSED), never throw from a timer and take the process down. Run in a
 * child process so the unpatched crash shows as what it is, an exit.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";

const databaseUrl = inject("databaseUrl");
const script = fileURLToPath(new URL("./fixtures/reserved-backend-dies.mjs", import.meta.url));

describe.skipIf(!databaseUrl)("postgres.js driver patch", () => {
  it("a query on a connection whose backend was terminated rejects instead of crashing the process", async () => {
    const result = await promisify(execFile)(process.execPath, [script, databaseUrl], { cwd: fileURLToPath(new URL("..", import.meta.url)), timeout: 20_000 }).then(
      ({ stdout }) => ({ exitCode: 0, stdout, stderr: "" }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ exitCode: error.code ?? -1, stdout: error.stdout ?? "", stderr: error.stderr ?? "" }),
    );
    expect(result.stderr).not.toMatch(/reading 'write'/);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe("query rejected: CONNECTION_CLOSED");
  });
});
