/** Cookie attributes on an https deployment: the browser must enforce what the server assumes. */
import { createTestDatabase } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../src/app";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "./helpers/config";
import { makeOrgWithAdmin, PASSWORD } from "./helpers/factories";

const PUBLIC_URL = "https://sso.example.test";

describe("cookies behind an https PUBLIC_URL", () => {
  let database: DatabaseHandle;
  let api: RunningApiServer;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    api = await startApiServer({ config: testConfig({ port: await freePort(), publicUrl: PUBLIC_URL }), database, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await api.close();
    await database.close();
  });

  it("issues a __Host- session cookie that is Secure, HttpOnly, SameSite=Lax and host-wide", async () => {
    const { admin } = await makeOrgWithAdmin(database.db);
    const response = await fetch(`${api.url}/trpc/auth.passwordLogin`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: PUBLIC_URL },
      body: JSON.stringify({ email: admin.email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("__Host-jams_session="));
    expect(cookie).toBeDefined();
    const attributes = (cookie ?? "").split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["path=/", "httponly", "secure", "samesite=lax"]));
    expect(attributes.some((part) => part.startsWith("domain="))).toBe(false);
  });
});
