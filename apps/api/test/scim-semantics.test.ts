/**
 * SCIM rules beyond the IdP replays: tenant boundaries, hand edits of managed users, the
 * last-admin rule, tokens (rotation, revocation), limits (401/413/429) and bad input (never 500).
 */
import { and, eq } from "drizzle-orm";
import { auditEvents, organizationDomains, users } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { provisioningToken, scimRequest } from "./helpers/scim";
import { signedInCaller, startHarness } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

describe.each(testDrivers(databaseUrl))("SCIM semantics on %s", (driver) => {
  const stack = withHarness(driver, { scim: { maxBodyBytes: 64 * 1024 } });

  async function provisionedOrg(label = "Okta") {
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const token = await provisioningToken(stack.harness, admin, label);
    return { org, admin, token };
  }

  const createUser = async (token: string, email: string, extra: Record<string, unknown> = {}) =>
    scimRequest(stack.harness, token, "POST", "/Users", { schemas: [USER], userName: email, active: true, ...extra });

  it("never crosses organisations: another org's email is 409 uniqueness without naming the org, ids are 404", async () => {
    const a = await provisionedOrg();
    const b = await provisionedOrg();
    const email = `shared-${unique()}@example.com`;
    const created = await createUser(a.token, email);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;

    const clash = await createUser(b.token, email.toUpperCase());
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ schemas: [ERROR], status: "409", scimType: "uniqueness", detail: expect.any(String) as string });
    expect(JSON.stringify(clash.body)).not.toContain(a.org.slug);

    expect((await scimRequest(stack.harness, b.token, "GET", `/Users?filter=userName eq "${email}"`)).body).toMatchObject({ totalResults: 0 });
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const body = method === "PUT" ? { schemas: [USER], userName: email } : method === "PATCH" ? { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] } : undefined;
      expect((await scimRequest(stack.harness, b.token, method, `/Users/${id}`, body)).status, method).toBe(404);
    }
    // A group in org B cannot take org A's user as a member.
    const group = await scimRequest(stack.harness, b.token, "POST", "/Groups", { displayName: "G", members: [{ value: id }] });
    expect(group).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    const [row] = await stack.db.select({ status: users.status }).from(users).where(eq(users.id, id));
    expect(row?.status).toBe("active");
  });

  it("honours verified domains and never reveals another organisation's invitation", async () => {
    const a = await provisionedOrg();
    const b = await provisionedOrg();
    const domain = `verified-${unique()}.test`;
    await stack.db.insert(organizationDomains).values({ organizationId: a.org.id, domain, verificationToken: unique(), verifiedAt: new Date() });
    const refused = await createUser(b.token, `someone@${domain}`);
    expect(refused).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(JSON.stringify(refused.body)).not.toContain(a.org.slug);
    expect((await createUser(a.token, `someone@${domain}`)).status).toBe(201);

    // An address merely invited by another organisation is not held there: provisioning it is no 409.
    const invitedElsewhere = `invited-${unique()}@example.com`;
    await makeUser(stack.db, a.org.id, { email: invitedElsewhere, status: "invited" });
    expect((await createUser(b.token, invitedElsewhere)).status).toBe(201);
  });

  it("hand edits of a managed user are refused with managed_by_provisioning", async () => {
    const { admin, token } = await provisionedOrg();
    const created = await createUser(token, `managed-${unique()}@example.com`);
    const id = (created.body as { id: string }).id;
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    await expectAppCode(caller.users.disable({ userId: id }), "managed_by_provisioning");
    await expectAppCode(caller.users.remove({ userId: id }), "managed_by_provisioning");
    await caller.provisioning.setRoleMappings({ mappings: [{ groupName: "Admins", role: "admin" }] });
    await expectAppCode(caller.users.setRole({ userId: id, role: "admin" }), "managed_by_provisioning");
    const listed = await caller.users.list();
    expect(listed.find((u) => u.id === id)?.managedBy).toBe("Okta");
    expect(listed.find((u) => u.id === admin.id)?.managedBy).toBeNull();

    // Revoking the token hands the users back to the admin.
    expect(await caller.provisioning.revokeToken()).toEqual({ released: 1 });
    expect((await scimRequest(stack.harness, token, "GET", "/Users")).status).toBe(401);
    await caller.users.disable({ userId: id });
  });

  it("the last active admin cannot be deactivated or deleted over SCIM; the refusal is recorded", async () => {
    const { org, admin, token } = await provisionedOrg();
    // The IdP links the existing admin (found by its lookup) and then tries to deactivate them.
    const found = await scimRequest(stack.harness, token, "GET", `/Users?filter=userName eq "${admin.email}"`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: admin.id }] });
    const refused = await scimRequest(stack.harness, token, "PATCH", `/Users/${admin.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] });
    expect(refused).toMatchObject({ status: 400, body: { scimType: "invalidValue", status: "400" } });
    expect((await scimRequest(stack.harness, token, "DELETE", `/Users/${admin.id}`)).status).toBe(400);
    const [row] = await stack.db.select({ status: users.status }).from(users).where(eq(users.id, admin.id));
    expect(row?.status).toBe("active");
    const refusals = await stack.db
      .select({ metadata: auditEvents.metadata })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org.id), eq(auditEvents.action, "provisioning.change_refused")));
    expect(refusals.map((r) => r.metadata.change)).toEqual(["deactivate", "delete"]);
  });

  it("group mappings never remove the last admin; the refused demotion is recorded", async () => {
    const { org, admin, token } = await provisionedOrg();
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    await caller.provisioning.setRoleMappings({ mappings: [{ groupName: "Everyone", role: "member" }] });
    // Pushing the only admin into a member-mapped group would demote them: refused, recorded.
    const group = await scimRequest(stack.harness, token, "POST", "/Groups", { displayName: "Everyone", members: [{ value: admin.id }] });
    expect(group.status).toBe(201);
    const [row] = await stack.db.select({ role: users.role }).from(users).where(eq(users.id, admin.id));
    expect(row?.role).toBe("admin");
    const refused = await stack.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org.id), eq(auditEvents.action, "provisioning.role_change_refused")));
    expect(refused).toHaveLength(1);
  });

  it("tokens: 401 without, with a wrong or a rotated one; the new one works at once", async () => {
    const { admin, token } = await provisionedOrg();
    for (const header of [undefined, "Bearer nope", `Basic ${token}`, `Bearer ${token}x`]) {
      const res = await scimRequest(stack.harness, null, "GET", "/Users", undefined, header ? { authorization: header } : {});
      expect(res.status, header).toBe(401);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: "401" });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const rotated = await provisioningToken(stack.harness, admin);
    expect((await scimRequest(stack.harness, token, "GET", "/Users")).status).toBe(401);
    expect((await scimRequest(stack.harness, rotated, "GET", "/Users")).status).toBe(200);
  });

  it("413 for a body over the cap, 429 with Retry-After past the per-token limit", async () => {
    const { token } = await provisionedOrg();
    const big = await createUser(token, `big-${unique()}@example.com`, { padding: "x".repeat(70 * 1024) });
    expect(big).toMatchObject({ status: 413, body: { schemas: [ERROR], status: "413" } });

    const limitedHarness = await startHarness(stack.database, { scim: { requestsPerWindow: 3 } });
    try {
      const { admin } = await makeOrgWithAdmin(stack.db);
      const limitedToken = await provisioningToken(limitedHarness, admin);
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof scimRequest>> | null = null;
      for (let i = 0; i < 5; i += 1) {
        last = await scimRequest(limitedHarness, limitedToken, "GET", "/Users");
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last?.body).toMatchObject({ schemas: [ERROR], status: "429" });
      expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limitedHarness.close();
    }
  });

  it("filters: invalidFilter for bad syntax or unknown attributes; values are parameters, not SQL", async () => {
    const { token } = await provisionedOrg();
    await createUser(token, `o'brien-${unique()}@example.com`);
    for (const filter of ['userName eq', 'password eq "x"', 'userName xx "a"', 'userName eq "a"]', Array.from({ length: 45 }, (_, i) => `userName eq "${i}"`).join(" or ")]) {
      const res = await scimRequest(stack.harness, token, "GET", `/Users?filter=${filter}`);
      expect({ filter, status: res.status, scimType: (res.body as { scimType?: string }).scimType }).toEqual({ filter, status: 400, scimType: "invalidFilter" });
    }
    const injection = await scimRequest(stack.harness, token, "GET", `/Users?filter=userName eq "x' or '1'='1"`);
    expect(injection.body).toMatchObject({ totalResults: 0 });
    const quoted = await scimRequest(stack.harness, token, "GET", `/Users?filter=userName sw "o'brien-"`);
    expect(quoted.body).toMatchObject({ totalResults: 1 });
    const wildcard = await scimRequest(stack.harness, token, "GET", `/Users?filter=userName co "%"`);
    expect(wildcard.body).toMatchObject({ totalResults: 0 });
    const page = await scimRequest(stack.harness, token, "GET", "/Users?startIndex=-4&count=-1");
    expect(page.body).toMatchObject({ startIndex: 1, itemsPerPage: 0, totalResults: 2 });
  });

  it("bad input gets a SCIM 4xx, never a 500 (a small fuzz)", async () => {
    const { token } = await provisionedOrg();
    const created = await createUser(token, `fuzz-${unique()}@example.com`);
    const id = (created.body as { id: string }).id;
    const bodies: unknown[] = [
      "{", "[]", "null", "42", '"str"', {}, { userName: 5 }, { userName: "" }, { userName: "not-an-email" }, { userName: "a\u0000b@example.com" },
      { userName: `x-${unique()}@example.com`, name: "flat" }, { userName: `x-${unique()}@example.com`, active: "maybe" },
      { userName: `x-${unique()}@example.com`, displayName: "\ud800" }, { userName: `x-${unique()}@example.com`, externalId: "e".repeat(300) },
      { userName: `x-${unique()}@example.com`, emails: "no" }, { __proto__: { admin: true }, userName: 1 },
    ];
    const patches: unknown[] = [
      {}, { Operations: "x" }, { Operations: [] }, { Operations: [{}] }, { Operations: [{ op: "move" }] }, { Operations: [{ op: "replace" }] },
      { Operations: [{ op: "remove" }] }, { Operations: [{ op: "replace", path: "active", value: "nope" }] },
      { Operations: [{ op: "replace", path: "emails[type eq", value: "x" }] }, { Operations: [{ op: "replace", path: 7, value: "x" }] },
      { schemas: ["wrong"], Operations: [{ op: "replace", value: { active: false } }] },
      { Operations: Array.from({ length: 101 }, () => ({ op: "replace", path: "displayName", value: "x" })) },
      { Operations: [{ op: "replace", path: "userName", value: 42 }] },
    ];
    const requests: [string, string, unknown][] = [
      ...bodies.map((b): [string, string, unknown] => ["POST", "/Users", b]),
      ...bodies.map((b): [string, string, unknown] => ["PUT", `/Users/${id}`, b]),
      ...patches.map((b): [string, string, unknown] => ["PATCH", `/Users/${id}`, b]),
      ...bodies.map((b): [string, string, unknown] => ["POST", "/Groups", b]),
      ["GET", "/Users/%00", undefined], ["GET", "/Users/' or 1=1 --", undefined], ["GET", "/Groups?filter=members.value eq 5", undefined],
      ["GET", "/Users?filter=meta.created gt \"yesterday\"", undefined], ["GET", "/Users?filter=active eq 3", undefined],
      ["GET", "/Users?filter=id eq \"x\"&filter=id eq \"y\"", undefined], ["GET", "/Nope", undefined], ["POST", "/Bulk", {}],
    ];
    for (const [method, path, body] of requests) {
      const res = await scimRequest(stack.harness, token, method, path, body);
      expect(res.status < 500 && res.status >= 400, `${method} ${path} ${JSON.stringify(body)?.slice(0, 120)} → ${res.status}`).toBe(true);
      expect((res.body as { schemas?: string[] }).schemas, `${method} ${path}`).toEqual([ERROR]);
    }
    const [row] = await stack.db.select({ status: users.status }).from(users).where(eq(users.id, id));
    expect(row?.status).toBe("active");
  });

  it("discovery documents, ETag and If-None-Match, as Okta's connector test and Entra's validator read them", async () => {
    const { token } = await provisionedOrg();
    const spc = await scimRequest(stack.harness, token, "GET", "/ServiceProviderConfig");
    expect(spc).toMatchObject({
      status: 200,
      body: { patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 }, etag: { supported: true } },
    });
    expect((await scimRequest(stack.harness, token, "GET", "/ResourceTypes")).body).toMatchObject({ totalResults: 2, Resources: [{ id: "User" }, { id: "Group" }] });
    expect((await scimRequest(stack.harness, token, "GET", "/Schemas")).body).toMatchObject({ totalResults: 2 });
    expect((await scimRequest(stack.harness, token, "GET", `/Schemas/${USER}`)).body).toMatchObject({ id: USER, name: "User" });
    expect((await scimRequest(stack.harness, token, "GET", "/ResourceTypes/Nope")).status).toBe(404);

    const created = await createUser(token, `etag-${unique()}@example.com`);
    const etag = created.headers.get("etag") ?? "";
    const body = created.body as { id: string; meta: { version: string; location: string } };
    expect(etag).toBe(body.meta.version);
    expect(created.headers.get("location")).toBe(body.meta.location);
    expect((await scimRequest(stack.harness, token, "GET", `/Users/${body.id}`, undefined, { "if-none-match": etag })).status).toBe(304);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await scimRequest(stack.harness, token, "PATCH", `/Users/${body.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "New" }] });
    const after = await scimRequest(stack.harness, token, "GET", `/Users/${body.id}`, undefined, { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
  });

  it("writes are audited; the request log and last-used time show what the IdP sent", async () => {
    const { org, admin, token } = await provisionedOrg("Microsoft Entra ID");
    const created = await createUser(token, `audit-${unique()}@example.com`);
    const id = (created.body as { id: string }).id;
    await scimRequest(stack.harness, token, "PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    await scimRequest(stack.harness, token, "GET", "/Users?filter=bogus");
    const actions = await stack.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.organizationId, org.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["provisioning.token_generated", "provisioning.user_created", "provisioning.user_deactivated"]));
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    // The log is written after the response; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const requests = await caller.provisioning.requests({ limit: 10 });
    expect(requests.map((r) => [r.method, r.status, r.scimType])).toEqual([
      ["GET", 400, "invalidFilter"],
      ["PATCH", 200, null],
      ["POST", 201, null],
    ]);
    expect((await caller.provisioning.get()).directory?.lastRequestAt).toBeInstanceOf(Date);
  });
});
