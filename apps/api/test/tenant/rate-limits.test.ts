/**
 * Finding 2 (strangers locking a chosen user out) and issue 8 point 6 (rate-limit rows growing
 * with every unknown email), over HTTP against a real server. TRUST_PROXY is on so that
 * X-Forwarded-For stands for distinct client addresses.
 */
import { count } from "drizzle-orm";
import { rateLimitBuckets } from "@jams/db/schema";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../../src/app";
import type { RateLimitPolicy } from "../../src/config";
import { TestBrowser } from "../helpers/browser";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "../helpers/config";
import { makeOrgWithAdmin, makeUser, PASSWORD, unique } from "../helpers/factories";
import { withDatabase } from "../helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;

let ipCounter = 0;
const freshIp = () => {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

async function startApi(database: DatabaseHandle, rateLimits: Partial<RateLimitPolicy> = {}, now?: () => Date): Promise<RunningApiServer> {
  const port = await freePort();
  const config = testConfig({ port, publicUrl: `http://127.0.0.1:${port}`, rateLimits });
  return startApiServer({ config: { ...config, trustProxy: true }, database, logger: pino({ level: "silent" }), ...(now ? { now } : {}) });
}

/** One client address: every request carries it as X-Forwarded-For. */
function client(api: RunningApiServer, ip = freshIp()) {
  const browser = new TestBrowser(api.url, api.deps.config.publicUrl);
  return {
    discover: (email: string) => browser.mutation<{ sso: unknown[]; passwordAllowed: boolean }>("auth.discover", { email }, { "x-forwarded-for": ip }),
    password: (email: string, password: string) => browser.mutation("auth.passwordLogin", { email, password }, { "x-forwarded-for": ip }),
  };
}

describe.each(testDrivers(databaseUrl))("rate limits that stop attackers, not users, on %s", (driver) => {
  const stack = withDatabase(driver);
  let api: RunningApiServer;
  let org: Awaited<ReturnType<typeof makeOrgWithAdmin>>;

  beforeAll(async () => {
    api = await startApi(stack.database);
    org = await makeOrgWithAdmin(stack.db);
  });
  afterAll(async () => {
    await api.close();
  });

  it("a stranger's discover calls for ALICE do not change Alice's answer", async () => {
    const alice = await makeUser(stack.db, org.org.id, { email: `alice-${unique()}@example.com` });
    const attacker = client(api);
    for (let i = 0; i < 40; i++) await attacker.discover(alice.email.toUpperCase());
    const answer = await client(api).discover(alice.email);
    expect(answer.appCode).toBeUndefined();
    expect(answer.data).toMatchObject({ passwordAllowed: true });
  });

  it("11 wrong passwords from a stranger do not block the owner's right password from another address", async () => {
    const bob = await makeUser(stack.db, org.org.id, { email: `bob-${unique()}@example.com` });
    const attacker = client(api);
    for (let i = 0; i < 11; i++) await attacker.password(bob.email, `wrong password ${i}`);
    const owner = await client(api).password(bob.email, PASSWORD);
    expect(owner.appCode).toBeUndefined();
    expect(owner.data).toEqual({ ok: true });
  });

  it("guessing from one address is stopped per (email, address), even with the right password", async () => {
    const carol = await makeUser(stack.db, org.org.id, { email: `carol-${unique()}@example.com` });
    const guesser = client(api);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) codes.push((await guesser.password(carol.email, `guess ${i}`)).appCode);
    expect(codes.slice(0, 10).every((code) => code === "invalid_credentials")).toBe(true);
    expect(codes[10]).toBe("rate_limited");
    expect((await guesser.password(carol.email, PASSWORD)).appCode).toBe("rate_limited");
  });

  it("a successful sign-in resets that address's failure count for the email", async () => {
    const dave = await makeUser(stack.db, org.org.id, { email: `dave-${unique()}@example.com` });
    const owner = client(api);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) expect((await owner.password(dave.email, `typo ${i}`)).appCode).toBe("invalid_credentials");
      expect((await owner.password(dave.email, PASSWORD)).data).toEqual({ ok: true });
    }
  });
});

describe.each(testDrivers(databaseUrl))("rate limit ceilings and table size on %s", (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
  });
  afterAll(async () => {
    await database.close();
  });

  it("past the global per-email ceiling, the right password from a new address still signs in (slowed, not refused)", async () => {
    const api = await startApi(database, { passwordFailuresPerEmail: 3, passwordSlowdownMaxMs: 50 });
    try {
      const { org } = await makeOrgWithAdmin(database.db);
      const erin = await makeUser(database.db, org.id, { email: `erin-${unique()}@example.com` });
      for (let i = 0; i < 12; i++) expect((await client(api).password(erin.email, `spray ${i}`)).appCode).toBe("invalid_credentials");
      expect((await client(api).password(erin.email, PASSWORD)).data).toEqual({ ok: true });
    } finally {
      await api.close();
    }
  });

  it("discover is limited per address", async () => {
    const api = await startApi(database, { discoverPerIp: 5 });
    try {
      const one = client(api);
      for (let i = 0; i < 5; i++) expect((await one.discover(`x-${unique()}@example.com`)).appCode).toBeUndefined();
      expect((await one.discover(`x-${unique()}@example.com`)).appCode).toBe("rate_limited");
      expect((await client(api).discover(`x-${unique()}@example.com`)).appCode).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it("a flood of unknown emails does not grow the table beyond the live window", async () => {
    let clock = Date.parse("2026-01-01T09:00:00Z");
    const api = await startApi(database, { windowMs: 1_000, passwordFailureWindowMs: 1_000 }, () => new Date(clock));
    try {
      const rows = async () => (await database.db.select({ n: count() }).from(rateLimitBuckets))[0]?.n ?? 0;
      const before = await rows();
      for (let round = 0; round < 12; round++) {
        const flooder = client(api);
        await Promise.all(Array.from({ length: 10 }, () => flooder.password(`nobody-${unique()}@example.com`, "whatever pw")));
        await Promise.all(Array.from({ length: 10 }, () => flooder.discover(`nobody-${unique()}@example.com`)));
        clock += 1_500;
      }
      // 12 windows x 20 unknown emails: only the last window's rows (and a bounded remainder) stay.
      expect((await rows()) - before).toBeLessThanOrEqual(60);
    } finally {
      await api.close();
    }
  });
});
