/**
 * Finding 1 (any admin can claim any email, and learn whether it exists anywhere), finding 3
 * (discover reveals members, closed for verified domains) and verified domains (DNS TXT
 * against a real DNS server on 127.0.0.1), over HTTP against a real server and the dev IdP.
 */
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TestBrowser } from "../helpers/browser";
import { startTestDnsServer, type TestDnsServer } from "@jams/dev-idp/dns-server";
import { makeOrgWithAdmin, makeUser, unique } from "../helpers/factories";
import { signedInBrowser } from "../helpers/http-admin";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness, type Harness } from "../helpers/sso-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password d";
const NEW_PASSWORD = "a brand new password";

interface DomainView {
  id: string;
  domain: string;
  record: { type: string; name: string; value: string };
  verifiedAt: string | null;
  verifiedByEmail: string | null;
  heldElsewhere: { email: string; status: string }[];
}
interface VerifyAnswer {
  ok: boolean;
  code: string | null;
  domain: DomainView;
}

describe.each(testDrivers(databaseUrl))("tenant boundaries and verified domains on %s", (driver) => {
  let database: DatabaseHandle;
  let dns: TestDnsServer;
  let harness: Harness;
  let acme: Awaited<ReturnType<typeof makeOrgWithAdmin>>;
  let globex: Awaited<ReturnType<typeof makeOrgWithAdmin>>;
  let acmeAdmin: TestBrowser;
  let globexAdmin: TestBrowser;
  let acmeConnection: { connectionId: string; label: string };
  let globexConnection: { connectionId: string; label: string };

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
    dns = await startTestDnsServer();
    harness = await startHarness(database, { dnsServers: [dns.address] });
    acme = await makeOrgWithAdmin(database.db);
    globex = await makeOrgWithAdmin(database.db);
    acmeAdmin = await signedInBrowser(harness.api.deps, harness.api.url, acme.admin);
    globexAdmin = await signedInBrowser(harness.api.deps, harness.api.url, globex.admin);
    const a = await connectOrgToIdp(harness, acme.admin, { label: "Acme Okta" });
    const g = await connectOrgToIdp(harness, globex.admin, { label: "Globex Okta" });
    acmeConnection = { connectionId: a.id, label: a.label };
    globexConnection = { connectionId: g.id, label: g.label };
  });
  afterAll(async () => {
    await harness.close();
    await dns.close();
    await database.close();
  });

  const invite = (admin: TestBrowser, email: string) => admin.mutation<{ userId: string; inviteUrl: string }>("users.invite", { email, role: "member" });
  const tokenOf = (inviteUrl: string) => inviteUrl.slice(inviteUrl.lastIndexOf("/") + 1);
  const accept = (token: string) => harness.browser().mutation("auth.acceptInvite", { token, password: NEW_PASSWORD });

  async function addAndVerify(admin: TestBrowser, domain: string): Promise<VerifyAnswer> {
    const added = await admin.mutation<DomainView>("domains.add", { domain });
    if (!added.data) throw new Error(`domains.add failed: ${added.appCode ?? added.status}`);
    dns.txt.set(added.data.record.name, [added.data.record.value]);
    const verified = await admin.mutation<VerifyAnswer>("domains.verify", { domainId: added.data.id });
    if (!verified.data) throw new Error(`domains.verify failed: ${verified.appCode ?? verified.status}`);
    return verified.data;
  }

  it("inviting an address held by another organisation answers exactly like an unknown one", async () => {
    const domain = `acme-${unique()}.test`;
    const alice = await makeUser(database.db, acme.org.id, { email: `alice@${domain}` });
    const existing = await invite(globexAdmin, alice.email);
    const unknown = await invite(globexAdmin, `nobody-${unique()}@${domain}`);
    expect(existing.appCode).toBeUndefined();
    expect(Object.keys(existing.data ?? {}).sort()).toEqual(Object.keys(unknown.data ?? {}).sort());
    expect(existing.status).toBe(unknown.status);
  });

  it("a squatting invitation does not block the real organisation; the first acceptance wins", async () => {
    const domain = `acme-${unique()}.test`;
    const email = `newhire@${domain}`;
    const squat = await invite(globexAdmin, email);
    const real = await invite(acmeAdmin, email);
    expect(real.appCode).toBeUndefined();
    expect((await accept(tokenOf(real.data?.inviteUrl ?? ""))).appCode).toBeUndefined();
    // Only the mailbox owner, holding the link, learns of the collision.
    expect((await accept(tokenOf(squat.data?.inviteUrl ?? ""))).appCode).toBe("email_taken");
    const discovered = await harness.browser().mutation<{ sso: { connectionId: string }[] }>("auth.discover", { email });
    expect(discovered.data?.sso).toEqual([acmeConnection]);
  });

  it("add domain → TXT record shown → verify fails without it, succeeds with it; audited", async () => {
    const domain = `acme-${unique()}.test`;
    const added = await acmeAdmin.mutation<DomainView>("domains.add", { domain: ` ${domain.toUpperCase()}. ` });
    expect(added.data).toMatchObject({ domain, verifiedAt: null, record: { type: "TXT", name: `_jams-verification.${domain}` } });
    expect(added.data?.record.value).toMatch(/^jams-verification=[A-Za-z0-9_-]{43}$/);
    const id = added.data?.id ?? "";
    const missing = await acmeAdmin.mutation<VerifyAnswer>("domains.verify", { domainId: id });
    expect(missing.data).toMatchObject({ ok: false, code: "domain_txt_missing" });
    dns.txt.set(`_jams-verification.${domain}`, ["v=spf1 -all", added.data?.record.value ?? ""]);
    const verified = await acmeAdmin.mutation<VerifyAnswer>("domains.verify", { domainId: id });
    expect(verified.data).toMatchObject({ ok: true, code: null, domain: { verifiedByEmail: acme.admin.email } });
    expect(verified.data?.domain.verifiedAt).not.toBeNull();
    const audit = await acmeAdmin.query<{ events: { action: string }[] }>("audit.list", {});
    expect(audit.data?.events.map((e) => e.action).slice(0, 3)).toEqual(["domain.verified", "domain.verification_failed", "domain.added"]);
    // Another organisation cannot verify it too, even with its own record published.
    const again = await globexAdmin.mutation<DomainView>("domains.add", { domain });
    dns.txt.set(`_jams-verification.${domain}`, [again.data?.record.value ?? ""]);
    expect((await globexAdmin.mutation<VerifyAnswer>("domains.verify", { domainId: again.data?.id })).data).toMatchObject({ ok: false, code: "domain_verified_elsewhere" });
  });

  it("refuses invalid domains, a DNS failure is its own code, and another org's domain is not_found", async () => {
    for (const bad of ["localhost", "10.0.0.1", "-bad-.test", "a..b", "x".repeat(64) + ".test"]) {
      expect((await acmeAdmin.mutation("domains.add", { domain: bad })).appCode).toBe("domain_invalid");
    }
    const domain = `broken-${unique()}.test`;
    const added = await acmeAdmin.mutation<DomainView>("domains.add", { domain });
    expect((await acmeAdmin.mutation("domains.add", { domain })).appCode).toBe("domain_exists");
    dns.failing.add(`_jams-verification.${domain}`);
    expect((await acmeAdmin.mutation<VerifyAnswer>("domains.verify", { domainId: added.data?.id })).data).toMatchObject({ ok: false, code: "domain_dns_failed" });
    expect((await globexAdmin.mutation("domains.verify", { domainId: added.data?.id })).appCode).toBe("not_found");
    expect((await globexAdmin.mutation("domains.remove", { domainId: added.data?.id })).appCode).toBe("not_found");
  });

  it("once verified: no other organisation can invite or activate users on it; holders elsewhere are listed", async () => {
    const domain = `acme-${unique()}.test`;
    const pending = await invite(globexAdmin, `carol@${domain}`);
    const ssoPending = await invite(globexAdmin, `erin@${domain}`);
    const dave = await makeUser(database.db, globex.org.id, { email: `dave@${domain}` });
    const verified = await addAndVerify(acmeAdmin, domain);
    expect(verified.domain.heldElsewhere.map((u) => u.email)).toEqual([`carol@${domain}`, dave.email, `erin@${domain}`]);

    expect((await invite(globexAdmin, `bob@${domain}`)).appCode).toBe("email_domain_claimed");
    expect((await invite(acmeAdmin, `bob@${domain}`)).appCode).toBeUndefined();
    expect((await accept(tokenOf(pending.data?.inviteUrl ?? ""))).appCode).toBe("email_domain_claimed");

    harness.idp.addUser({ email: `erin@${domain}`, name: "Erin", password: IDP_PASSWORD });
    const browser = harness.browser();
    const callbackUrl = await signInAtIdp(harness, browser, { connectionId: globexConnection.connectionId, email: `erin@${domain}`, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/login?error=sso_email_claimed");
    expect((await browser.query("auth.me")).data).toBeNull();
    expect(ssoPending.data?.userId).toBeTruthy();
  });

  it("discover on a verified domain answers from the domain, the same whether or not the address exists", async () => {
    const domain = `acme-${unique()}.test`;
    const member = await makeUser(database.db, acme.org.id, { email: `member@${domain}` });
    await invite(globexAdmin, `squatted@${domain}`);
    await addAndVerify(acmeAdmin, domain);
    const answers = [];
    for (const email of [member.email, `squatted@${domain}`, `nobody-${unique()}@${domain}`]) {
      const answer = await harness.browser().mutation<{ email: string; sso: unknown[]; passwordAllowed: boolean }>("auth.discover", { email });
      answers.push({ ...answer.data, email: undefined });
    }
    expect(answers[0]).toEqual({ email: undefined, sso: [acmeConnection], passwordAllowed: true });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
