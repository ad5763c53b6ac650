import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateEncryptionKey } from "@jams/db/secrets";
import { createScratchDatabase } from "@jams/db/scratch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/**
 * `pnpm build` → `node dist/app/main.js`: the compiled server must start with plain node (no
 * TypeScript loader in its environment), apply the migrations it ships, and answer health checks.
 */
const apiRoot = fileURLToPath(new URL("..", import.meta.url));
const mainJs = join(apiRoot, "dist/app/main.js");
const databaseUrl = inject("databaseUrl");

/** Resolves with the URL from the "api listening" log line; rejects if the process exits first. */
function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no "api listening" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      for (const line of output.split("\n")) {
        if (!line.includes('"api listening"')) continue;
        const { url } = JSON.parse(line) as { url: string };
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${output}`));
    });
  });
}

describe("production build", () => {
  let server: ChildProcess | undefined;
  let database: { url: string; drop(): Promise<void> } | undefined;
  const scratch = mkdtempSync(join(tmpdir(), "jams-build-"));

  beforeAll(() => {
    const build = spawnSync("pnpm", ["exec", "tsdown", "--log-level", "warn"], { cwd: apiRoot, encoding: "utf8", timeout: 120_000 });
    expect(build.status, build.stderr + build.stdout).toBe(0);
  }, 150_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server?.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  }, 30_000);

  it("keeps the dev IdP, demo and bench out of the API's dependencies and the TypeScript loader out of the server bundle", () => {
    const pkg = JSON.parse(readFileSync(join(apiRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain("@jams/dev-idp");
    expect(Object.keys(pkg.dependencies)).not.toContain("@jams/demo");
    expect(Object.keys(pkg.dependencies)).not.toContain("@jams/bench");
    // tsx stays a dependency only for the operator CLI's bin (bin/jams.mjs); the server never loads it.
    const bundle = readFileSync(mainJs, "utf8");
    expect(bundle).not.toMatch(/from "(@jams\/[\w-]+|tsx)[/"]/);
    expect(existsSync(join(apiRoot, "dist/migrations/meta/_journal.json"))).toBe(true);
  });

  it("starts with plain node, migrates a fresh database and answers /healthz and /readyz", async () => {
    if (databaseUrl) database = await createScratchDatabase(databaseUrl, "jams_build");
    server = spawn(process.execPath, [mainJs], {
      cwd: scratch,
      // Only what the server needs: nothing like NODE_OPTIONS=--import tsx may leak in.
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: "0",
        PUBLIC_URL: "https://sso.example.test",
        SECRET_ENCRYPTION_KEY: generateEncryptionKey(),
        LOG_LEVEL: "info",
        ...(database ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: join(scratch, "pglite"), ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true" }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await waitForListening(server, 110_000);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
  }, 120_000);
});
