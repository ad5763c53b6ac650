/**
 * `pnpm --filter @jams/api bench:password-timing` — can a stranger tell a known email from an
 * unknown one by how long a wrong password takes? Sends BENCH_CALLS (default 1000) wrong-password
 * sign-ins per kind, interleaved (known, unknown, known, …) over HTTP, each with a fresh email
 * of its kind, and prints medians, their difference and the Mann-Whitney z (|z| < 1.96: no
 * difference detectable at 5 %). Figures only; nothing is asserted.
 *
 * Env: DATABASE_URL (PostgreSQL; a fresh database is created and dropped) or embedded PGlite.
 */
import { performance } from "node:perf_hooks";
import { createTestDatabase } from "@jams/db/testing";
import { pino } from "pino";
import { startApiServer } from "../src/app";
import { TestBrowser } from "../test/helpers/browser";
import { freePort, testConfig } from "../test/helpers/config";
import { makeOrgWithAdmin, makeUser } from "../test/helpers/factories";

const databaseUrl = process.env.DATABASE_URL || undefined;
const calls = Number(process.env.BENCH_CALLS ?? 1000);
const unlimited = 1_000_000;

/** Normal approximation of the Mann-Whitney U statistic (with mid-ranks for ties). */
export function mannWhitneyZ(a: readonly number[], b: readonly number[]): number {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]?.v === all[i]?.v) j++;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const rankSumA = all.reduce((sum, item, i) => (item.g === 0 ? sum + (ranks[i] ?? 0) : sum), 0);
  const u = rankSumA - (a.length * (a.length + 1)) / 2;
  const mean = (a.length * b.length) / 2;
  const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12);
  return (u - mean) / sd;
}

const median = (values: readonly number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;

const database = await createTestDatabase(databaseUrl ? "postgres" : "pglite", databaseUrl);
const port = await freePort();
const base = testConfig({ port, publicUrl: `http://127.0.0.1:${port}` });
const api = await startApiServer({
  config: {
    ...base,
    trustProxy: true,
    rateLimits: { ...base.rateLimits, passwordPerIp: unlimited, passwordFailuresPerEmailIp: unlimited, passwordFailuresPerIp: unlimited, passwordFailuresPerEmail: unlimited },
  },
  database,
  logger: pino({ level: "silent" }),
});
try {
  const { org } = await makeOrgWithAdmin(database.db);
  const known: string[] = [];
  for (let i = 0; i < calls; i++) known.push((await makeUser(database.db, org.id, { email: `known-${i}@example.com` })).email);
  const browser = new TestBrowser(api.url, base.publicUrl);
  const timeOne = async (email: string, i: number) => {
    const started = performance.now();
    const answer = await browser.mutation("auth.passwordLogin", { email, password: "not the password" }, { "x-forwarded-for": `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}` });
    const elapsed = performance.now() - started;
    if (answer.appCode !== "invalid_credentials") throw new Error(`unexpected ${answer.appCode ?? answer.status}`);
    return elapsed;
  };
  for (let i = 0; i < 20; i++) await timeOne(`warm-${i}@example.com`, i);
  const knownMs: number[] = [];
  const unknownMs: number[] = [];
  for (let i = 0; i < calls; i++) {
    knownMs.push(await timeOne(known[i] ?? "", i));
    unknownMs.push(await timeOne(`unknown-${i}@example.com`, i));
  }
  const z = mannWhitneyZ(knownMs, unknownMs);
  console.log(`password sign-in timing, ${calls} wrong passwords per kind (${databaseUrl ? "PostgreSQL" : "PGlite"})`);
  console.log(`  median known   ${median(knownMs).toFixed(2)} ms`);
  console.log(`  median unknown ${median(unknownMs).toFixed(2)} ms`);
  console.log(`  difference     ${(median(knownMs) - median(unknownMs)).toFixed(2)} ms`);
  console.log(`  Mann-Whitney z ${z.toFixed(2)} (|z| < 1.96: not detectable at 5 %)`);
} finally {
  await api.close();
  await database.close();
}
