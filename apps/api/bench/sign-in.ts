/**
 * `pnpm bench` — the sign-in hot path under concurrency, printed as figures (never asserted).
 *
 * Prepares N users who have each been through the IdP (outside the timed part, since that is
 * the IdP's cost), then delivers their callbacks to the API with C in flight and reports
 * latency, throughput, database statements per callback and IdP requests per callback (the
 * warm path should make exactly one: the token call, plus UserInfo when the ID token lacks the
 * mapped claims, as Okta's default server does). Also times `auth.discover`.
 *
 * Env: DATABASE_URL (PostgreSQL; a fresh database is created and dropped) or embedded PGlite;
 *      BENCH_USERS (default 200), BENCH_CONCURRENCY (default 8), BENCH_INSTANCES (1 or 2: with 2,
 *      every other callback lands on a second API instance that shares only the database, as
 *      behind a load balancer).
 */
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { startApiServer } from "../src/app";
import { createTestDatabase } from "@jams/db/testing";
import type { DevUser } from "@jams/dev-idp/server";
import { makeOrgWithAdmin, makeUser } from "../test/helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness } from "../test/helpers/sso-harness";

const databaseUrl = process.env.DATABASE_URL || undefined;
const userCount = Number(process.env.BENCH_USERS ?? 200);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const instances = process.env.BENCH_INSTANCES === "2" ? 2 : 1;
const WARM_UP = 10;
const IDP_PASSWORD = "bench-password";
const unlimited = 1_000_000;

async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

function percentile(sorted: readonly number[], p: number): string {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  return value.toFixed(1);
}

let statements = 0;
const database = await createTestDatabase(databaseUrl ? "postgres" : "pglite", databaseUrl, {
  onQuery: () => {
    statements += 1;
  },
});
const { org, admin } = await makeOrgWithAdmin(database.db);
const members = [];
for (let i = 0; i < userCount; i++) {
  const user = await makeUser(database.db, org.id, { email: `bench-${i}-${org.slug}@example.com`, status: "invited" });
  members.push({ ...user, index: i });
}
const idpUsers: DevUser[] = members.map((m) => ({ email: m.email, name: "Bench User", password: IDP_PASSWORD, emailVerified: true }));
const harness = await startHarness(database, {
  users: idpUsers,
  rateLimits: { discoverPerIp: unlimited, startSsoPerIp: unlimited, callbackPerIp: unlimited },
});

const instanceB =
  instances === 2 ? await startApiServer({ config: { ...harness.api.deps.config, port: 0 }, database, logger: pino({ level: "silent" }) }) : null;

try {
  const connection = await connectOrgToIdp(harness, admin);
  console.log(`driver=${database.driver} users=${userCount} concurrency=${concurrency} instances=${instances}`);

  const prepared = await inPool(members, 4, async (member) => {
    const started = harness.browser();
    const callbackUrl = await signInAtIdp(harness, started, { connectionId: connection.id, email: member.email, password: IDP_PASSWORD });
    if (!instanceB || member.index % 2 === 0) return { browser: started, callbackUrl };
    // The callback reaches the other instance with the browser's cookies, as a load balancer would send it.
    const other = harness.browser(instanceB.url);
    for (const [name, value] of started.cookies) other.cookies.set(name, value);
    return { browser: other, callbackUrl };
  });

  await inPool(prepared.slice(0, WARM_UP), concurrency, ({ browser, callbackUrl }) => deliverCallback(browser, callbackUrl));
  const timed = prepared.slice(WARM_UP);
  statements = 0;
  const idpRequestsBefore = harness.idp.requestLog.length;
  const started = performance.now();
  const outcomes = await inPool(timed, concurrency, async ({ browser, callbackUrl }) => {
    const t0 = performance.now();
    const { status, location } = await deliverCallback(browser, callbackUrl);
    return { ms: performance.now() - t0, ok: status === 303 && !location.includes("error=") };
  });
  const elapsed = performance.now() - started;
  const idpRequests = harness.idp.requestLog.slice(idpRequestsBefore);
  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const byPath = new Map<string, number>();
  for (const path of idpRequests) byPath.set(path, (byPath.get(path) ?? 0) + 1);

  console.log(`callback: ${timed.length} sign-ins, ${outcomes.filter((o) => !o.ok).length} failed`);
  console.log(`  throughput ${(timed.length / (elapsed / 1000)).toFixed(1)}/s`);
  console.log(`  latency ms p50=${percentile(latencies, 50)} p95=${percentile(latencies, 95)} p99=${percentile(latencies, 99)} max=${percentile(latencies, 100)}`);
  console.log(`  database statements per callback ${(statements / timed.length).toFixed(2)}`);
  console.log(`  IdP requests per callback ${(idpRequests.length / timed.length).toFixed(2)} (${[...byPath].map(([p, n]) => `${p}×${n}`).join(", ")})`);

  const discoverBrowser = harness.browser();
  const emails = [...members.map((m) => m.email), ...members.map((_, i) => `unknown-${i}@example.com`)];
  statements = 0;
  const discoverStart = performance.now();
  const discoverLatencies = await inPool(emails, concurrency, async (email) => {
    const t0 = performance.now();
    await discoverBrowser.mutation("auth.discover", { email });
    return performance.now() - t0;
  });
  const discoverElapsed = performance.now() - discoverStart;
  discoverLatencies.sort((a, b) => a - b);
  console.log(`discover: ${emails.length} calls (half unknown emails)`);
  console.log(`  throughput ${(emails.length / (discoverElapsed / 1000)).toFixed(1)}/s`);
  console.log(`  latency ms p50=${percentile(discoverLatencies, 50)} p95=${percentile(discoverLatencies, 95)} max=${percentile(discoverLatencies, 100)}`);
  console.log(`  database statements per call ${(statements / emails.length).toFixed(2)}`);
} finally {
  await instanceB?.close();
  await harness.close();
  await database.close();
}
