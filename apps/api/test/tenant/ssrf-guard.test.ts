/**
 * Finding 4: the SSRF guard must not depend on NODE_ENV. A non-production API (what `pnpm start`
 * gives without NODE_ENV) with only the dev IdP's host:port exempt must refuse every other
 * private target, before connecting, with the same answer whether a port is open or closed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { startDevIdp, type DevIdp } from "@jams/dev-idp/server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../../src/app";
import type { TestBrowser } from "../helpers/browser";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "../helpers/config";
import { makeOrgWithAdmin } from "../helpers/factories";
import { signedInBrowser } from "../helpers/http-admin";

const databaseUrl = inject("databaseUrl") || undefined;

interface IssuerCheckAnswer {
  ok: boolean;
  code?: string;
  hint?: string;
}

describe.each(testDrivers(databaseUrl))("SSRF guard outside production on %s", (driver) => {
  let database: DatabaseHandle;
  let idp: DevIdp;
  let api: RunningApiServer;
  let admin: TestBrowser;
  let idpPort: number;
  let metadataServer: http.Server;
  let metadataIssuer: string;

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
    idp = await startDevIdp({ port: 0, clients: [], users: [] });
    idpPort = Number(new URL(idp.issuer).port);
    // An exempt-looking issuer whose metadata points its endpoints at loopback names.
    metadataServer = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          issuer: metadataIssuer,
          authorization_endpoint: `${metadataIssuer}/authorize`,
          token_endpoint: `https://localhost:${idpPort}/token`,
          jwks_uri: `${metadataIssuer}/keys`,
          response_types_supported: ["code"],
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      );
    });
    await new Promise<void>((resolve) => metadataServer.listen(0, "127.0.0.1", resolve));
    const metadataPort = (metadataServer.address() as AddressInfo).port;
    metadataIssuer = `http://127.0.0.1:${metadataPort}`;
    const port = await freePort();
    const config = testConfig({ port, publicUrl: `http://127.0.0.1:${port}` });
    expect(config.production).toBe(false);
    api = await startApiServer({
      config: { ...config, insecureIssuerHosts: [`127.0.0.1:${idpPort}`, `127.0.0.1:${metadataPort}`] },
      database,
      logger: pino({ level: "silent" }),
    });
    const { admin: adminUser } = await makeOrgWithAdmin(database.db);
    admin = await signedInBrowser(api.deps, api.url, adminUser);
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
    await new Promise((resolve) => metadataServer.close(resolve));
    await database.close();
  });

  const check = async (issuer: string) => (await admin.mutation<IssuerCheckAnswer>("sso.checkIssuer", { issuer })).data;

  it("still reaches the exempt host:port (the dev IdP)", async () => {
    expect(await check(idp.issuer)).toMatchObject({ ok: true });
  });

  it.each([
    (p: number) => `https://127.0.0.2:${p}/oauth2/default`,
    (p: number) => `https://localhost:${p}/oauth2/default`,
    (p: number) => `https://[::1]:${p}/oauth2/default`,
    (p: number) => `https://0.0.0.0:${p}/oauth2/default`,
    (p: number) => `https://[::ffff:127.0.0.1]:${p}/oauth2/default`,
    (p: number) => `https://127.0.0.1:${p + 1}/oauth2/default`,
    () => "https://169.254.169.254/latest",
  ])("refuses a private target that is not listed (%#)", async (issuerFor) => {
    expect(await check(issuerFor(idpPort))).toMatchObject({ ok: false, code: "issuer_insecure" });
  });

  it("answers an open and a closed private port identically", async () => {
    const closed = await freePort();
    const open = await check(`https://127.0.0.2:${idpPort}/oauth2/default`);
    const shut = await check(`https://127.0.0.2:${closed}/oauth2/default`);
    const withoutPort = (answer: unknown) => JSON.stringify(answer).replaceAll(String(idpPort), "P").replaceAll(String(closed), "P");
    expect(withoutPort(open)).toEqual(withoutPort(shut));
    expect(JSON.stringify(open)).not.toMatch(/network|timeout|HTTP \d/);
  });

  it("refuses metadata whose token endpoint points at a loopback name", async () => {
    expect(await check(metadataIssuer)).toMatchObject({ ok: false, code: "issuer_insecure" });
  });
});
