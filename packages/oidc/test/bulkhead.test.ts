/**
 * Issue 8.3: two SSO connections on one IdP host, one with a slow token endpoint. The healthy
 * connection's sign-ins all succeed while the slow one is saturated; the slow connection's
 * excess fails fast with sso_idp_unreachable; time spent queued for a slot is not counted
 * against the IdP timeout. Figures are printed (docs/reliability.md), not asserted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isSsoError } from "../src/errors";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { connectionFor, devRp, REDIRECT_URI, signIn } from "./helpers/flow";
import type { RelyingParty } from "../src/relying-party";

let fake: FakeIdp;
beforeAll(async () => {
  fake = await startFakeIdp();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const SLOW_CLIENT = "0oa-slow-tenant";

function clientIdOf(authorization: string | undefined): string {
  const basic = /^Basic (.+)$/.exec(authorization ?? "")?.[1];
  return basic ? decodeURIComponent(Buffer.from(basic, "base64").toString().split(":")[0] ?? "") : "";
}

/** The slow tenant's token requests are answered (with its own client ID, as a valid grant) after `delayMs`. */
function slowTokenEndpoint(delayMs: number) {
  fake.config.override.token = (req, res, body) => {
    if (clientIdOf(req.headers.authorization) !== SLOW_CLIENT) {
      fake.defaultHandlers.token(req, res, body);
      return;
    }
    setTimeout(() => res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_grant"}'), delayMs);
  };
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (isSsoError(error) ? error.code : String(error)),
  );

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

/** Concurrent sign-ins: the fake IdP is told each token request's nonce by its code_verifier. */
const nonceByVerifier = new Map<string, string>();
async function concurrentSignIn(rp: RelyingParty): Promise<unknown> {
  const connection = connectionFor(fake);
  const { url, transaction } = await rp.startAuthorization({ connection, redirectUri: REDIRECT_URI });
  nonceByVerifier.set(transaction.codeVerifier, new URL(url).searchParams.get("nonce") ?? "");
  const callbackUrl = new URL(REDIRECT_URI);
  callbackUrl.searchParams.set("code", "good-code");
  callbackUrl.searchParams.set("state", transaction.state);
  callbackUrl.searchParams.set("iss", fake.issuer);
  return rp.completeAuthorization({ connection, redirectUri: REDIRECT_URI, callbackUrl, transaction });
}

describe("per-connection bulkheads", () => {
  it("a saturated slow tenant on the same host leaves the healthy tenant's sign-ins untouched", async () => {
    const rp = devRp({ timeoutMs: 3_000, bulkhead: { maxInFlight: 4, maxQueued: 4, maxQueueMs: 5_000 } });
    slowTokenEndpoint(10_000);
    await rp.checkIssuer(fake.issuer);
    const started = performance.now();
    // 48 slow sign-ins at once: more than the old shared pool of 32 sockets for the host.
    const slow = Array.from({ length: 48 }, () => outcome(signIn(rp, fake, { connection: { clientId: SLOW_CLIENT } })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const healthy: string[] = [];
    const healthyStarted = performance.now();
    for (let i = 0; i < 20; i++) healthy.push(await outcome(signIn(rp, fake)));
    const healthyMs = performance.now() - healthyStarted;
    const slowOutcomes = await Promise.all(slow);
    const slowTokenRequests = fake.requests.filter((r) => r.path.endsWith("/v1/token") && clientIdOf(r.authorization) === SLOW_CLIENT).length;
    console.log(
      `bulkheads: healthy ${JSON.stringify(tally(healthy))} in ${Math.round(healthyMs)} ms (${(20_000 / healthyMs).toFixed(1)} sign-ins/s); ` +
        `slow ${JSON.stringify(tally(slowOutcomes))}, ${slowTokenRequests} of its token requests reached the IdP; all done after ${Math.round(performance.now() - started)} ms`,
    );
    expect(healthy.every((o) => o === "ok")).toBe(true);
    // The slow tenant used its own budget (4 in flight + 4 queued) and no more; the rest failed fast.
    expect(slowTokenRequests).toBeLessThanOrEqual(8);
    expect(tally(slowOutcomes)).toEqual({ sso_idp_unreachable: 48 });
    rp.close();
  });

  it("waiting for a slot does not count against the IdP timeout", async () => {
    // Each answer takes 1.5 s against a 2.5 s timeout; the second wave waits ~1.5 s for a slot first.
    const rp = devRp({ timeoutMs: 2_500, bulkhead: { maxInFlight: 2, maxQueued: 4, maxQueueMs: 10_000 } });
    fake.config.override.token = (req, res, body) =>
      setTimeout(() => {
        fake.nonce = nonceByVerifier.get(new URLSearchParams(body).get("code_verifier") ?? "");
        fake.defaultHandlers.token(req, res, body);
      }, 1_500);
    await rp.checkIssuer(fake.issuer);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => outcome(concurrentSignIn(rp))));
    expect(outcomes).toEqual(["ok", "ok", "ok", "ok"]);
    rp.close();
  });
});
