/** Issue 8.1: an error nothing caught ends the API process loudly (one fatal log line, exit 1). */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "@jams/dev-idp/free-port";
import { TEST_ENCRYPTION_KEY } from "../helpers/config";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const fixture = fileURLToPath(new URL("../fixtures/inject-fault.mjs", import.meta.url));

async function runApiWithFault(kind: "throw" | "reject"): Promise<{ exitCode: number | null; lines: Record<string, unknown>[] }> {
  const dir = mkdtempSync(join(tmpdir(), "jams-guard-"));
  const port = await freePort();
  try {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", fixture, "src/main.ts"], {
      cwd: apiDir,
      env: { PATH: process.env.PATH, NODE_ENV: "test", PORT: String(port), PGLITE_DATA_DIR: join(dir, "pglite"), SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, INJECT_FAULT: kind, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.once("exit", (code) => {
        clearTimeout(kill);
        resolve(code);
      });
    });
    const lines = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { exitCode, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("process-level error handling", () => {
  it.each(["throw", "reject"] as const)("an uncaught %s is logged as one fatal line and exits non-zero", async (kind) => {
    const { exitCode, lines } = await runApiWithFault(kind);
    expect(exitCode).toBe(1);
    const fatal = lines.filter((line) => line.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({
      kind: kind === "throw" ? "uncaughtException" : "unhandledRejection",
      err: { message: "injected fault" },
    });
    // It shut down rather than vanishing: the listening line came before it.
    expect(lines.some((line) => line.msg === "api listening")).toBe(true);
  }, 90_000);
});
