/**
 * Issue 8.2: the database goes away right after an SSO callback consumed its transaction. The
 * browser gets a coded page, and the attempt ends as failed with the outage code, not
 * "abandoned" with the MFA hint (nothing can retry a consumed transaction).
 */
import { eq } from "drizzle-orm";
import { createDatabase, type DatabaseHandle } from "@jams/db/client";
import { ssoSignInAttempts } from "@jams/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAttempts } from "../../src/domain/sso/attempts";
import { ABANDONED_HINT } from "../../src/domain/sso/attempts";
import { SSO_TRANSACTION_TTL_MS } from "../../src/domain/sso/start-sso";
import { createInnerContext } from "../../src/trpc/context";
import { MemoryCookieJar } from "../helpers/callers";
import { makeOrgWithAdmin, makeUser, unique } from "../helpers/factories";
import { canRunOwnCluster, type PgCluster, startPgCluster } from "../helpers/pg-cluster";
import { connectOrgToIdp, deliverCallback, type Harness, signInAtIdp, startHarness } from "../helpers/sso-harness";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";

describe.skipIf(!canRunOwnCluster())("database lost right after the callback consumed its transaction", () => {
  let cluster: PgCluster;
  let proxy: TcpProxy;
  let database: DatabaseHandle;
  let harness: Harness;
  // Armed by the test: cut the database as soon as the consume statement has gone out.
  let cutAfterConsume = false;
  let consumeSent = false;

  beforeAll(async () => {
    cluster = await startPgCluster();
    proxy = await startTcpProxy(cluster.port);
    database = await createDatabase({
      driver: "postgres",
      url: `postgres://postgres@127.0.0.1:${proxy.port}/app`,
      onQuery: (query) => {
        // Logged before the statement is sent: the statement after the consume never arrives.
        if (!cutAfterConsume) return;
        if (/delete from "?sso_transactions"?/.test(query)) consumeSent = true;
        else if (consumeSent) {
          cutAfterConsume = false;
          proxy.cut();
        }
      },
    });
    await database.migrate();
    harness = await startHarness(database);
  });
  afterAll(async () => {
    await harness.close();
    await database.close();
    await proxy.close();
    await cluster.destroy();
  });

  it("answers /login?error=service_unavailable and records the attempt as failed with that code", async () => {
    const { org, admin } = await makeOrgWithAdmin(database.db);
    const connection = await connectOrgToIdp(harness, admin);
    const email = `outage-${unique()}@example.com`;
    await makeUser(database.db, org.id, { email });
    harness.idp.addUser({ email, name: "Outage", password: "idp password 1" });
    const browser = harness.browser();
    const callbackUrl = await signInAtIdp(harness, browser, { connectionId: connection.id, email, password: "idp password 1" });

    cutAfterConsume = true;
    const { status, location } = await deliverCallback(browser, callbackUrl);
    expect(status).toBe(303);
    expect(location).toBe("/login?error=service_unavailable");
    expect(browser.cookies.has("jams_session")).toBe(false);

    proxy.heal();
    const [attempt] = await database.db
      .select({ outcome: ssoSignInAttempts.outcome, code: ssoSignInAttempts.code })
      .from(ssoSignInAttempts)
      .where(eq(ssoSignInAttempts.connectionId, connection.id));
    expect(attempt?.code).toBe("service_unavailable");

    // What the admin sees once the flow's lifetime is over: failed with the outage code.
    const later = new Date(Date.now() + SSO_TRANSACTION_TTL_MS + 60_000);
    const deps = { ...harness.api.deps, now: () => later };
    const ctx = createInnerContext({
      deps,
      session: null,
      meta: { ip: "127.0.0.1", userAgent: "vitest" },
      cookies: new MemoryCookieJar(),
    });
    const user = { id: admin.id, organizationId: org.id, role: "admin" as const };
    const [view] = await listAttempts({ ctx: { ...ctx, user } as Parameters<typeof listAttempts>[0]["ctx"], input: { connectionId: connection.id } });
    expect(view).toMatchObject({ status: "failed", code: "service_unavailable" });
    expect(view?.adminHint).not.toBe(ABANDONED_HINT);
  });
});
