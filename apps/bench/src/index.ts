/**
 * `pnpm bench`: the SPA's whole sign-in path over real HTTP, figures printed and written as
 * JSON (never asserted). The API runs its production build in its own process, the dev IdP in
 * another, PostgreSQL is the local server (a fresh database per run, dropped at the end);
 * baselines (a bare Fastify route, one indexed select through postgres.js) run in the same
 * run so each figure is also a ratio to what this machine allows.
 *
 * Env: DATABASE_URL (a PostgreSQL server URL; without it the API falls back to PGlite and the
 * PostgreSQL figures are missing), BENCH_USERS (300), BENCH_SECONDS per timed phase (8),
 * BENCH_DEADLINE_SECONDS for the whole run (420), BENCH_API_LOG_LEVEL (warn), BENCH_OUTPUT,
 * BENCH_API_NODE_ARGS (node flags for the measured API, e.g. a CPU profile).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase } from "@jams/db/scratch";
import { generateEncryptionKey } from "@jams/db/secrets";
import { CookieJar } from "@jams/dev-idp/testing";
import { signIn, type Target, type VirtualUser } from "./flows";
import { pgMonitor, startCountingRelay } from "./pg";
import { measureLegs, measurePhase, measureRequests, type Meters } from "./phases";
import { rssSampler, stopAll } from "./processes";
import { printReport } from "./report";
import { freePort } from "@jams/dev-idp/free-port";
import { assertApiBuilt, IDP_PASSWORD, openSeedDatabase, repoRoot, seedOrganization, seedThroughApi, startApi, startBaseline, startIdp } from "./stack";
import { runLanes } from "./stats";

const env = process.env;
const serverUrl = env.DATABASE_URL || null;
const userCount = Math.max(32, Number(env.BENCH_USERS ?? 300));
const phaseMs = Number(env.BENCH_SECONDS ?? 8) * 1000;
const deadlineMs = Number(env.BENCH_DEADLINE_SECONDS ?? 420) * 1000;
const apiLogLevel = env.BENCH_API_LOG_LEVEL ?? "warn";
// e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (then `pnpm --filter @jams/bench profile-summary /tmp/prof/*.cpuprofile`).
const apiNodeArgs = (env.BENCH_API_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
const output = env.BENCH_OUTPUT ?? join(repoRoot, "apps/bench/results", `sign-in-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);

const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error("cleanup:", error));
  })();
  return cleaning;
}
let aborting = false;
const abort = (reason: string, code: number) => {
  aborting = true;
  console.error(`\nbench: ${reason}; stopping everything it started`);
  void cleanUp().finally(() => process.exit(code));
};
process.once("SIGINT", () => abort("interrupted", 130));
process.once("SIGTERM", () => abort("terminated", 143));
const deadline = setTimeout(() => abort(`total deadline of ${deadlineMs / 1000} s reached`, 1), deadlineMs);
deadline.unref();

async function main() {
  const started = Date.now();
  assertApiBuilt();
  const load = loadavg().map((value) => Math.round(value * 100) / 100);
  console.log(`bench: ${userCount} users, ${phaseMs / 1000} s per phase, load average ${load.join(" ")}, ${cpus().length} CPUs`);

  let store: { url: string } | { pgliteDir: string };
  let database: Awaited<ReturnType<typeof createScratchDatabase>> | null = null;
  if (serverUrl) {
    database = await createScratchDatabase(serverUrl, "jams_bench");
    const dropping = database;
    cleanups.push(() => dropping.drop());
    store = { url: database.url };
  } else {
    console.warn("bench: WARNING DATABASE_URL is not set — the API runs on embedded PGlite; PostgreSQL CPU and statement counts are not measured.");
    const dir = mkdtempSync(join(tmpdir(), "jams-bench-"));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    store = { pgliteDir: join(dir, "pglite") };
  }
  const seedDb = await openSeedDatabase(store);
  try {
    await seedOrganization(seedDb);
  } finally {
    await seedDb.close();
  }

  const emails = Array.from({ length: userCount }, (_, i) => `user-${i}@bench.test`);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const encryptionKey = generateEncryptionKey();
  const idp = await startIdp(publicUrl, emails);
  const idpCounts = new Map<string, number>();
  idp.proc.onLine((line) => {
    const match = /^request (\S+) (\S+)/.exec(line);
    if (match) idpCounts.set(match[2] ?? "", (idpCounts.get(match[2] ?? "") ?? 0) + 1);
  });
  const api = await startApi({ name: "api", port, publicUrl, encryptionKey, store, logLevel: apiLogLevel, nodeArgs: apiNodeArgs });
  const rss = rssSampler(api.proc.pid);
  cleanups.push(() => Promise.resolve(rss.stop()));
  const rssStart = rss.now();
  await seedThroughApi(api.url, publicUrl, idp.issuer, emails);
  const target: Target = { apiUrl: api.url, publicUrl, redirectUri: `${publicUrl}/auth/sso/callback` };
  const users: VirtualUser[] = emails.map((email, i) => ({
    email,
    password: IDP_PASSWORD,
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    idpJar: new CookieJar(),
    apiJar: new CookieJar(),
  }));

  const monitor = database && serverUrl ? pgMonitor(serverUrl, database.name) : null;
  if (monitor) cleanups.push(() => monitor.close());
  const meters: Meters = { apiPid: api.proc.pid, idpPid: idp.proc.pid, monitor, idpCounts };

  // First visits: each user signs in at the IdP's form once (its session makes later sign-ins
  // "returning"); this also warms the API up. Not timed.
  const first = await runLanes({ width: 4, maxItems: users.length, durationMs: 180_000 }, async (i) => {
    const user = users[i] as VirtualUser;
    await signIn(target, user, { firstVisit: true });
    return user;
  });
  if (first.results.length < 32) throw new Error(`only ${first.results.length} first sign-ins succeeded: ${JSON.stringify([...first.failures])}`);
  const ready = first.results;
  console.log(`bench: ${ready.length} users signed in once (setup ${((Date.now() - started) / 1000).toFixed(0)} s)`);

  // Statements, round trips and commits per leg: a second API instance whose database
  // connections go through the counting relay, one user at a time.
  let legs = null;
  if (database && "url" in store) {
    const pgUrl = new URL(store.url);
    const relay = await startCountingRelay({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    cleanups.push(() => relay.close());
    const relayed = new URL(store.url);
    relayed.hostname = "127.0.0.1";
    relayed.port = String(relay.port);
    const counted = await startApi({ name: "api-counted", port: await freePort(), publicUrl, encryptionKey, store: { url: relayed.toString() }, logLevel: apiLogLevel });
    legs = await measureLegs({ ...target, apiUrl: counted.url }, ready.slice(0, 20), relay.counts, idpCounts);
    await counted.proc.stop();
  }

  // Each phase also stops after a number of sign-ins per user, so that on a fast machine no
  // user exceeds the per-email discovery limit (20 a minute): 1 + 1 + 2 + 5 + 10 = 19.
  const n = ready.length;
  const signIn1 = await measurePhase("sign-in c1", meters, { width: 1, durationMs: phaseMs, maxItems: 2 * n }, ready, (user) => signIn(target, user));
  const signIn16 = await measurePhase("sign-in c16", meters, { width: 16, durationMs: phaseMs, maxItems: 5 * n }, ready, (user) => signIn(target, user));
  const discover32 = await measureRequests("auth.discover c32", meters, api.proc.pid, { width: 32, durationMs: phaseMs / 2, maxItems: 10 * n }, ready, "discover", target);
  const me32 = await measureRequests("auth.me c32", meters, api.proc.pid, { width: 32, durationMs: phaseMs / 2, maxItems: 100_000 }, ready, "me", target);
  const apiRssMb = { start: rssStart, peak: rss.peak(), end: rss.now() };
  rss.stop();

  const bare = await startBaseline("bare", null);
  const bare32 = await measureRequests("baseline bare Fastify c32", meters, bare.proc.pid, { width: 32, durationMs: phaseMs / 2, maxItems: 100_000 }, ready, "bare", { ...target, apiUrl: bare.url });
  await bare.proc.stop();
  let select32 = null;
  if (database) {
    const select = await startBaseline("select", database.url);
    select32 = await measureRequests("baseline indexed select c32", meters, select.proc.pid, { width: 32, durationMs: phaseMs / 2, maxItems: 100_000 }, ready, "select", { ...target, apiUrl: select.url });
    await select.proc.stop();
  }

  const report = {
    at: new Date().toISOString(),
    command: "pnpm bench",
    commit: spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).stdout.trim(),
    machine: { cpus: cpus().length, loadAverageAtStart: load, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100), node: process.version },
    settings: { users: userCount, phaseSeconds: phaseMs / 1000, database: database ? "postgres" : "pglite", apiLogLevel },
    legs,
    signIn1,
    signIn16,
    discover32,
    me32,
    apiRssMb,
    baselines: { bare32, select32 },
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  printReport(report);
  mkdirSync(join(output, ".."), { recursive: true });
  writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nJSON: ${output}`);
}

main().then(
  () => cleanUp().then(() => process.exit(0)),
  (error: unknown) => {
    // After Ctrl-C or the deadline, failures of requests cut short are expected noise.
    if (!aborting) console.error(error instanceof Error ? error.message : error);
    void cleanUp().finally(() => process.exit(1));
  },
);
