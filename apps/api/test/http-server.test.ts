/** The HTTP shell: health, security headers, SPA serving, and what reaches the logs. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../src/app";
import { createLogger } from "../src/http/logging";
import { TRPC_MAX_BATCH_SIZE } from "../src/http/server";
import type { AppRouter } from "../src/trpc/app-router";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "./helpers/config";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("HTTP server on %s", (driver) => {
  let database: DatabaseHandle;
  let api: RunningApiServer;
  let webDir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
    webDir = mkdtempSync(join(tmpdir(), "jams-web-"));
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>JAMS</title>");
    writeFileSync(join(webDir, "login.html"), "<!doctype html><title>Sign in</title>");
    writeFileSync(join(webDir, "app.js"), "console.log('hi')");
    const port = await freePort();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    api = await startApiServer({
      config: { ...testConfig({ port }), webDistDir: webDir, logLevel: "info" },
      database,
      logger: createLogger({ logLevel: "info" }, sink),
    });
  });
  afterAll(async () => {
    await api.close();
    await database.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${api.url}/readyz`)).json()).toEqual({ status: "ready" });
  });

  it("serves the SPA with a strict CSP and falls back to index.html for client routes only", async () => {
    const page = await fetch(`${api.url}/integrations/sso?test=1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>JAMS</title>");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe");
    expect((await fetch(`${api.url}/app.js`)).status).toBe(200);
    expect((await fetch(`${api.url}/trpc/nope.nope`)).status).toBe(404);
    expect((await fetch(`${api.url}/auth/unknown`)).status).toBe(404);
  });

  it("serves the sign-in page's own login.html at /login, with the same CSP", async () => {
    const page = await fetch(`${api.url}/login?returnTo=%2Fusers&error=sso_state_mismatch`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Sign in</title>");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    // Every other page is still the SPA.
    const spa = await fetch(`${api.url}/dashboard`);
    expect(await spa.text()).toContain("<title>JAMS</title>");
    expect(spa.headers.get("cache-control")).toBe("no-cache");
    expect(await (await fetch(`${api.url}/`)).text()).toContain("<title>JAMS</title>");
  });

  it("speaks the wire protocol of the web app's client (@trpc/client httpBatchLink)", async () => {
    const { createTRPCClient, httpBatchLink, TRPCClientError } = await import("@trpc/client");
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${api.url}/trpc`, headers: { origin: api.deps.config.publicUrl } })],
    });
    const [me, discovered] = await Promise.all([client.auth.me.query(), client.auth.discover.mutate({ email: "someone@example.com" })]);
    expect(me).toBeNull();
    expect(discovered).toEqual({ email: "someone@example.com", sso: [], passwordAllowed: true });
    const failure = await client.users.list.query().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TRPCClientError);
    expect((failure as { data?: { appCode?: string; httpStatus?: number } }).data).toMatchObject({ appCode: "unauthenticated", httpStatus: 401 });
    const invalid = await client.auth.discover.mutate({ email: "not-an-email" }).catch((error: unknown) => error);
    expect((invalid as { data?: { appCode?: string } }).data?.appCode).toBe("invalid_input");
  });

  it("refuses a batch larger than the web client ever sends", async () => {
    const batch = (size: number) => {
      const paths = Array.from({ length: size }, () => "auth.me").join(",");
      const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: size }, (_, i) => [i, null]))));
      return fetch(`${api.url}/trpc/${paths}?batch=1&input=${input}`);
    };
    expect((await batch(TRPC_MAX_BATCH_SIZE)).status).toBe(200);
    expect((await batch(TRPC_MAX_BATCH_SIZE + 1)).status).toBe(400);
  });

  it("a failed query's bound parameters (password hashes, emails) never reach the logs", async () => {
    // Fails without echoing the value (as an outage would); drizzle still lists every parameter.
    const failure = await database.db.execute(sql`select ${"$argon2id$SECRETPARAM42"}::text from no_such_table`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    api.deps.logger.error({ err: failure }, "trpc procedure failed");
    const logs = logLines.join("");
    expect(logs).toContain("Failed query");
    expect(logs).not.toContain("SECRETPARAM42");
  });

  it("tRPC answers (per-session data) are never cacheable", async () => {
    const me = await fetch(`${api.url}/trpc/auth.me`);
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toBe("no-store");
  });

  it("a mutation sent as GET is refused as a client error, not internal_error", async () => {
    const res = await fetch(`${api.url}/trpc/auth.logout`);
    expect(res.status).toBe(405);
    const body = (await res.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error.data.appCode).toBe("invalid_input");
  });

  it("keeps codes, state, cookies and invitation tokens out of the logs", async () => {
    await fetch(`${api.url}/auth/sso/callback?code=SECRETCODE123&state=SECRETSTATE456`, { headers: { cookie: "jams_session=SECRETCOOKIE789" }, redirect: "manual" });
    await fetch(`${api.url}/invite/SECRETINVITE000`);
    // What the SPA's httpBatchLink sends when it opens an invitation link: the token in `input`.
    await fetch(`${api.url}/trpc/auth.invitation?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { token: "SECRETINVITE111" } }))}`);
    const logs = logLines.join("");
    expect(logs).toContain("/auth/sso/callback");
    expect(logs).toContain("/trpc/auth.invitation");
    for (const secret of ["SECRETCODE123", "SECRETSTATE456", "SECRETCOOKIE789", "SECRETINVITE000", "SECRETINVITE111"]) expect(logs).not.toContain(secret);
    expect(logs).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    expect((await fetch(`${api.url}/healthz`)).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
