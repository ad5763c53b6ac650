/**
 * Issue 8.2: while PostgreSQL is unreachable or frozen, requests fail fast with a clean 503
 * (`service_unavailable`), /readyz keeps answering, and service resumes on its own once the
 * database is back. Faults are injected with a TCP proxy between the API and its own cluster
 * (cut: connections reset and refused; freeze: connections open, nothing forwarded) and by
 * SIGSTOP of the cluster's processes. Figures are printed for docs/reliability.md; the
 * assertions are about behaviour (answered during the outage, never a 500, recovered).
 */
import { createDatabase, type DatabaseHandle } from "@jams/db/client";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../../src/app";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "../helpers/config";
import { canRunOwnCluster, type PgCluster, startPgCluster } from "../helpers/pg-cluster";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { classifyTrpc, discoverRequest, firstOkStartedAfter, startLoad } from "./load";

// Longer than the query deadline (6 s) plus a connect timeout (2 s): requests sent after the first
// wave has been given up on must be answered (503) while the database is still away.
const OUTAGE_MS = 12_000;

async function timedReadyz(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(30_000) });
  await response.text();
  return { status: response.status, ms: performance.now() - started };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!canRunOwnCluster())("database outage under load", () => {
  let cluster: PgCluster;
  let proxy: TcpProxy;
  let database: DatabaseHandle;
  let api: RunningApiServer;

  beforeAll(async () => {
    cluster = await startPgCluster();
    proxy = await startTcpProxy(cluster.port);
    database = await createDatabase({ driver: "postgres", url: `postgres://postgres@127.0.0.1:${proxy.port}/app`, maxConnections: 8 });
    await database.migrate();
    const port = await freePort();
    api = await startApiServer({ config: testConfig({ port }), database, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await api.close();
    await database.close();
    await proxy.close();
    await cluster.destroy();
  });

  const faults = {
    "connections cut and refused (proxy)": { inject: () => proxy.cut(), heal: () => Promise.resolve(proxy.heal()) },
    "server frozen, connections open (proxy)": { inject: () => proxy.freeze(), heal: () => Promise.resolve(proxy.heal()) },
    "server processes stopped (SIGSTOP)": { inject: () => cluster.freeze(), heal: () => cluster.thaw() },
  } as const;

  it.each(Object.keys(faults) as (keyof typeof faults)[])("%s: 503 during the outage, /readyz answers, recovers on its own", async (name) => {
    const fault = faults[name];
    const origin = new URL(api.deps.config.publicUrl).origin;
    const load = startLoad({ concurrency: 8, request: discoverRequest(api.url, origin), classify: classifyTrpc });
    try {
      await until(() => load.stats.ok > 5, 10_000);
      const faultAt = performance.now();
      await fault.inject();
      const readyz: { status: number; ms: number }[] = [];
      while (performance.now() - faultAt < OUTAGE_MS) {
        readyz.push(await timedReadyz(api.url));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const healAt = performance.now();
      await fault.heal();
      await until(() => firstOkStartedAfter(load.stats, healAt) !== null, 15_000);
      let readyAgainMs = Number.NaN;
      for (;;) {
        const check = await timedReadyz(api.url);
        if (check.status === 200) {
          readyAgainMs = performance.now() - healAt;
          break;
        }
      }
      await load.stop();

      const { records } = load.stats;
      const during = records.filter((r) => r.start >= faultAt + 200 && r.end <= healAt);
      const spanning = records.filter((r) => r.start <= faultAt + 200 && r.end >= healAt);
      const longestDuring = Math.max(0, ...records.filter((r) => r.end > faultAt && r.start < healAt).map((r) => r.end - r.start));
      console.log(
        `${name}: outage ${Math.round(healAt - faultAt)} ms; ${records.length} requests (ok ${load.stats.ok}, 503 ${load.stats.unavailable}, other ${JSON.stringify([...load.stats.other])}); ` +
          `answered during the outage ${during.length}, longest request ${Math.round(longestDuring)} ms; ` +
          `/readyz ${readyz.length} checks, all ${[...new Set(readyz.map((r) => r.status))].join("/")}, slowest ${Math.round(Math.max(...readyz.map((r) => r.ms)))} ms; ` +
          `first ok ${Math.round((firstOkStartedAfter(load.stats, healAt) ?? healAt) - healAt)} ms and ready ${Math.round(readyAgainMs)} ms after the database was back`,
      );
      // Clean 503s with the stable code, never a 500 or a dropped connection.
      expect([...load.stats.other.keys()]).toEqual([]);
      // Requests started during the outage were answered during it; none waited it out.
      expect(during.length).toBeGreaterThan(0);
      expect(during.every((r) => r.verdict === "unavailable")).toBe(true);
      expect(spanning).toEqual([]);
      // /readyz answered every time during the outage, and said so.
      expect(readyz.length).toBeGreaterThan(3);
      expect(readyz.every((r) => r.status === 503)).toBe(true);
    } finally {
      await load.stop();
    }
  });
});
