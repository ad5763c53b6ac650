/**
 * Issue 8.1: PostgreSQL restarted under sign-in load. postgres.js 3.4.9 used to throw
 * `Cannot read properties of null (reading 'write')` from a setImmediate and kill the API
 * (porsager/postgres#1154, #1208); patched in patches/postgres@3.4.9.patch. The API runs as a
 * real child process so a crash is seen as what it is: the process exiting.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@jams/dev-idp/free-port";
import { TEST_ENCRYPTION_KEY } from "../helpers/config";
import { canRunOwnCluster, type PgCluster, startPgCluster } from "../helpers/pg-cluster";
import { classifyTrpc, discoverRequest, firstOkStartedAfter, startLoad } from "./load";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out waiting");
}

describe.skipIf(!canRunOwnCluster())("PostgreSQL restart under load", () => {
  let cluster: PgCluster;
  let api: ChildProcess;
  let apiUrl: string;
  let output = "";

  beforeAll(async () => {
    cluster = await startPgCluster();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: apiDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "test",
        PORT: String(port),
        PUBLIC_URL: apiUrl,
        DATABASE_URL: cluster.url,
        SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    api.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    api.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(async () => (await fetch(`${apiUrl}/readyz`)).status === 200, 60_000);
  }, 120_000);

  afterAll(async () => {
    console.log("fatal log lines in the API output:", output.match(/unexpected error/g)?.length ?? 0);
    if (api.exitCode === null) {
      api.kill("SIGTERM");
      await new Promise((resolve) => api.once("exit", resolve));
    }
    await cluster.destroy();
  });

  it.each([
    ["fast", 1],
    ["immediate", 1],
    ["fast", 2],
    ["immediate", 2],
    ["fast", 3],
    ["immediate", 3],
  ] as const)("survives a %s restart (run %i) and serves again on its own", async (mode, run) => {
    const load = startLoad({ concurrency: 8, request: discoverRequest(apiUrl, apiUrl), classify: classifyTrpc });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const restartStarted = performance.now();
      await cluster.restart(mode);
      const back = performance.now();
      await waitFor(() => Promise.resolve(firstOkStartedAfter(load.stats, back) !== null), 15_000).catch((error: unknown) => {
        const { records, ...stats } = load.stats;
        const tail = records.slice(-20);
        throw new Error(`${String(error)}: ${JSON.stringify({ ...stats, other: [...stats.other], back, tail })}\n${output.slice(-3000)}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { stats } = load;
      console.log(
        `restart ${mode} #${run}: down ${Math.round(back - restartStarted)} ms, first ok ${Math.round((firstOkStartedAfter(stats, back) ?? back) - back)} ms after the server was back; ` +
          `ok ${stats.ok}, 503 ${stats.unavailable}, other ${JSON.stringify([...stats.other])}, slowest ${Math.round(stats.slowestMs)} ms`,
      );
      expect(api.exitCode, output).toBeNull();
      // Failures during the restart are 503 service_unavailable, never a bare 500 or a hang.
      expect([...stats.other.keys()]).toEqual([]);
    } finally {
      await load.stop();
    }
    expect(api.exitCode, output).toBeNull();
  });
});
