/** Invitations are also emailed when SMTP is configured, through a real SMTP conversation. */
import type { AddressInfo } from "node:net";
import { createTestDatabase } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCaller, testDeps } from "./helpers/callers";
import { testConfig } from "./helpers/config";
import { makeOrgWithAdmin, unique } from "./helpers/factories";

interface Received {
  to: string[];
  data: string;
}

describe("invitation email", () => {
  let database: DatabaseHandle;
  let smtp: SMTPServer;
  let port: number;
  const received: Received[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let data = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (data += chunk));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await database.close();
  });

  it("sends the invite link to the invited address and returns the same link", async () => {
    const config = { ...testConfig(), smtp: { url: `smtp://127.0.0.1:${port}`, from: "JAMS IMES <no-reply@jams.test>" } };
    const deps = testDeps(database, config);
    const { admin } = await makeOrgWithAdmin(database.db);
    const { caller } = await signedInCaller(deps, admin);
    const email = `mailed-${unique()}@example.com`;
    const { inviteUrl } = await caller.users.invite({ email, role: "member" });
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual([email]);
    expect(received[0]?.data.replace(/=\r?\n/g, "")).toContain(inviteUrl);
  });

  it("still returns the link when the mail server is down", async () => {
    const config = { ...testConfig(), smtp: { url: "smtp://127.0.0.1:1", from: "no-reply@jams.test" } };
    const deps = testDeps(database, config);
    const { admin } = await makeOrgWithAdmin(database.db);
    const { caller } = await signedInCaller(deps, admin);
    const result = await caller.users.invite({ email: `unmailed-${unique()}@example.com`, role: "member" });
    expect(result.inviteUrl).toMatch(/\/invite\/[\w-]{43}$/);
  });
});
