/** Keep-alive: connections to the IdP are reused, and never after a failed, cut-off or redirected request. */
import type http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createOutboundAgents } from "../src/internal/agents";
import { checkedLookup } from "../src/internal/outbound";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { devRp, signIn } from "./helpers/flow";

let fake: FakeIdp;
beforeAll(async () => {
  fake = await startFakeIdp();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const TOKEN_PATH = "/oauth2/default/v1/token";
const tokenConnections = () => fake.requests.filter((r) => r.path === TOKEN_PATH).map((r) => r.connection);
const isClosed = (id: number) => fake.connections.find((c) => c.id === id)?.closed;

describe("connection reuse", () => {
  it("two sequential warm sign-ins use one TCP connection for the token endpoint", async () => {
    const rp = devRp();
    await signIn(rp, fake); // cold: discovery, token, JWKS
    fake.requests.length = 0;
    await signIn(rp, fake);
    await signIn(rp, fake);
    const tokens = tokenConnections();
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(1);
    // Including the cold sign-in's discovery and JWKS requests: one connection in total.
    expect(fake.connections).toHaveLength(1);
    rp.close();
  });

  it("close() closes the pooled connections", async () => {
    const rp = devRp();
    await signIn(rp, fake);
    expect(fake.connections.map((c) => c.closed)).toEqual([false]);
    rp.close();
    await vi.waitFor(() => expect(fake.connections.map((c) => c.closed)).toEqual([true]));
  });

  const faults: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
    "a stalled response (timeout)": () => undefined,
    "a body that stalls after the headers (timeout)": (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"access_token":');
    },
    "an oversized body": (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: "x", padding: "a".repeat(200_000) })),
    "a redirect": (_req, res) => res.writeHead(307, { location: `${fake.origin}/elsewhere` }).end(),
  };
  for (const [fault, handler] of Object.entries(faults)) {
    it(`after ${fault}, the socket is destroyed rather than pooled`, async () => {
      const rp = devRp({ timeoutMs: 1_000, maxResponseBytes: 64 * 1024 });
      await rp.checkIssuer(fake.issuer); // discovery opens the connection the token call reuses
      fake.config.override.token = handler;
      await expect(signIn(rp, fake)).rejects.toMatchObject({ name: "SsoError" });
      const [failed] = tokenConnections();
      expect(failed).toBeDefined();
      await vi.waitFor(() => expect(isClosed(failed ?? 0)).toBe(true));

      delete fake.config.override.token;
      fake.requests.length = 0;
      await signIn(rp, fake);
      expect(tokenConnections()).toHaveLength(1);
      expect(tokenConnections()[0]).not.toBe(failed);
      rp.close();
    });
  }

  it("retries once on a fresh connection when a reused one was closed under the request", async () => {
    const rp = devRp();
    await signIn(rp, fake);
    // Like a server whose idle timeout fires just as the next request arrives.
    let dropped = 0;
    fake.config.override.token = (req) => {
      dropped += 1;
      delete fake.config.override.token;
      req.socket.destroy();
    };
    fake.requests.length = 0;
    await expect(signIn(rp, fake)).resolves.toMatchObject({ subject: "00u-fake-user" });
    expect(dropped).toBe(1);
    const [first, second] = tokenConnections();
    expect(second).not.toBe(first);
    rp.close();
  });

  it("does not retry a request that failed on a fresh connection", async () => {
    const rp = devRp();
    await rp.checkIssuer(fake.issuer);
    rp.close(); // nothing pooled: the token call opens a new connection
    fake.config.override.token = (req) => req.socket.destroy();
    fake.requests.length = 0;
    await expect(signIn(rp, fake)).rejects.toMatchObject({ code: "sso_idp_unreachable" });
    expect(tokenConnections()).toHaveLength(1);
  });
});

describe("agent separation", () => {
  it("only the checked pools resolve through the address check", () => {
    const agents = createOutboundAgents(checkedLookup);
    const checked = agents.agentFor("https:", true) as http.Agent & { options: { lookup?: unknown; keepAlive?: boolean } };
    const unchecked = agents.agentFor("https:", false) as typeof checked;
    expect(checked).not.toBe(unchecked);
    expect(checked.options.lookup).toBe(checkedLookup);
    expect(unchecked.options.lookup).toBeUndefined();
    expect(checked.options.keepAlive).toBe(true);
    // One pool per kind, created once and then shared by every request.
    expect(agents.agentFor("https:", true)).toBe(checked);
    agents.destroy();
  });
});
