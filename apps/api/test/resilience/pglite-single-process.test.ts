/**
 * Issue 8.4: a second API process, or the CLI, on the embedded database of a running API is
 * refused with a clear message (real processes, as an operator would start them), and nothing
 * in the folder changes; the CLI works again once the API has stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@jams/dev-idp/free-port";
import { TEST_ENCRYPTION_KEY } from "../helpers/config";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));

function start(script: string, args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: apiDir,
    env: { PATH: process.env.PATH, NODE_ENV: "test", SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

describe("one process per embedded database folder", () => {
  let dir: string;
  let dataDir: string;
  let first: ReturnType<typeof start>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "jams-single-"));
    dataDir = join(dir, "pglite");
    first = start("src/main.ts", [], { PORT: String(await freePort()), PGLITE_DATA_DIR: dataDir });
    const deadline = Date.now() + 150_000;
    while (!first.output().includes("api listening")) {
      if (Date.now() > deadline || first.child.exitCode !== null) throw new Error(`first API did not start: ${first.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);
  afterAll(async () => {
    if (first.child.exitCode === null) {
      first.child.kill("SIGTERM");
      await first.exit;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("a second API process exits with data_dir_locked in its fatal log line", async () => {
    const second = start("src/main.ts", [], { PORT: String(await freePort()), PGLITE_DATA_DIR: dataDir });
    expect(await second.exit).toBe(1);
    const fatal = second
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; err?: { code?: string } })
      .find((line) => line.level === 60);
    expect(fatal?.err?.code).toBe("data_dir_locked");
    expect(first.child.exitCode).toBeNull();
  });

  it("the CLI refuses and says how to work with a running demo; after the API stops it works", async () => {
    const cli = start("src/cli/main.ts", ["user", "invite", "--org", "nobody", "--email", "a@b.test"], { PGLITE_DATA_DIR: dataDir });
    expect(await cli.exit).toBe(1);
    expect(cli.output()).toContain("is already open in another process");
    expect(cli.output()).toContain("stop it (Ctrl+C in its terminal)");

    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    const after = start("src/cli/main.ts", ["migrate"], { PGLITE_DATA_DIR: dataDir });
    expect(await after.exit).toBe(0);
    expect(after.output()).toContain("Migrations applied.");
  });
});
