/**
 * `pnpm --filter @jams/bench bench:password-timing` — can a stranger tell a known email from an
 * unknown one by how long a wrong password takes? Sends BENCH_CALLS (default 1000) wrong-password
 * sign-ins per kind, interleaved (known, unknown, known, …) over HTTP, each with a fresh email
 * of its kind, and prints medians, their difference and the Mann-Whitney z (|z| < 1.96: no
 * difference detectable at 5 %). Figures only; nothing is asserted.
 *
 * Env: DATABASE_URL (PostgreSQL; a fresh database is created and dropped) or embedded PGlite.
 * The API runs in-process (no build needed): only the password path is measured.
 */
import { performance } from "node:perf_hooks";
import { createOrganizationWithAdmin, loadConfig, startApiServer } from "@jams/api";
import { users } from "@jams/db/schema";
import { generateEncryptionKey } from "@jams/db/secrets";
import { createTestDatabase } from "@jams/db/testing";
import { freePort } from "@jams/dev-idp/free-port";
import { mannWhitneyZ } from "./stats";

const databaseUrl = process.env.DATABASE_URL || undefined;
const calls = Number(process.env.BENCH_CALLS ?? 1000);
const unlimited = 1_000_000;

const median = (values: readonly number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;

const database = await createTestDatabase(databaseUrl ? "postgres" : "pglite", databaseUrl);
const port = await freePort();
const publicUrl = `http://127.0.0.1:${port}`;
const base = loadConfig({
  NODE_ENV: "test",
  HOST: "127.0.0.1",
  PORT: String(port),
  PUBLIC_URL: publicUrl,
  SECRET_ENCRYPTION_KEY: generateEncryptionKey(),
  LOG_LEVEL: "silent",
});
const api = await startApiServer({
  config: {
    ...base,
    trustProxy: true,
    rateLimits: { ...base.rateLimits, passwordPerIp: unlimited, passwordFailuresPerEmailIp: unlimited, passwordFailuresPerIp: unlimited, passwordFailuresPerEmail: unlimited },
  },
  database,
});

/** Known users share the admin's password hash: same argon2 parameters, one hash computed. */
async function seedKnownUsers(): Promise<string[]> {
  const { organizationId } = await createOrganizationWithAdmin(database.db, {
    name: "Timing Corp",
    adminEmail: "timing-admin@example.com",
    adminPassword: "correct horse battery",
    now: new Date(),
  });
  const [admin] = await database.db.select({ passwordHash: users.passwordHash }).from(users).limit(1);
  const emails = Array.from({ length: calls }, (_, i) => `known-${i}@example.com`);
  for (const email of emails) {
    await database.db.insert(users).values({ organizationId, email, displayName: "Test User", role: "member", status: "active", passwordHash: admin?.passwordHash ?? null });
  }
  return emails;
}

/** One wrong-password sign-in from its own address (x-forwarded-for), timed end to end. */
async function timeOne(email: string, i: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${api.url}/trpc/auth.passwordLogin`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: publicUrl, "x-forwarded-for": `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}` },
    body: JSON.stringify({ email, password: "not the password" }),
  });
  const body = (await response.json()) as { error?: { data?: { appCode?: string } } };
  const elapsed = performance.now() - started;
  const appCode = body.error?.data?.appCode;
  if (appCode !== "invalid_credentials") throw new Error(`unexpected ${appCode ?? response.status}`);
  return elapsed;
}

try {
  const known = await seedKnownUsers();
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
