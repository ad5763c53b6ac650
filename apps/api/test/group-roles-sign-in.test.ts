/** Group → role mappings applied from the ID token's `groups` claim at each SSO sign-in. */
import { and, eq } from "drizzle-orm";
import { auditEvents, users } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { makeUser, unique } from "./helpers/factories";
import { deliverCallback, signedInCaller, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 1";

describe.each(testDrivers(databaseUrl))("roles from the groups claim on %s", (driver) => {
  const stack = withHarness(driver);

  async function orgWithMappings() {
    const { org, admin, connection } = await stack.orgWithConnection({ scopes: "openid profile email groups" });
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    await caller.provisioning.setRoleMappings({ mappings: [{ groupName: "JAMS Admins", role: "admin" }, { groupName: "Staff", role: "member" }] });
    return { org, admin, connectionId: connection.id };
  }

  const signIn = async (connectionId: string, email: string) => {
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    return (await deliverCallback(browser, callbackUrl)).location;
  };
  const roleOf = async (id: string) => (await stack.db.select({ role: users.role }).from(users).where(eq(users.id, id)))[0]?.role;
  const actions = async (orgId: string, action: string) =>
    stack.db.select({ metadata: auditEvents.metadata }).from(auditEvents).where(and(eq(auditEvents.organizationId, orgId), eq(auditEvents.action, action)));

  it("promotes and demotes by the mapped groups (matched case-insensitively) and records each change", async () => {
    const { org, connectionId } = await orgWithMappings();
    const user = await makeUser(stack.db, org.id, { email: `grace-${unique()}@example.com` });
    const idpUser = stack.harness.idp.addUser({ sub: `sub-${unique()}`, email: user.email, name: "Grace", password: IDP_PASSWORD, groups: ["Everyone", "jams admins"] });

    expect(await signIn(connectionId, user.email)).toBe("/dashboard");
    expect(await roleOf(user.id)).toBe("admin");
    idpUser.groups = ["Staff"];
    expect(await signIn(connectionId, user.email)).toBe("/dashboard");
    expect(await roleOf(user.id)).toBe("member");
    expect((await actions(org.id, "provisioning.role_changed")).map((e) => [e.metadata.from, e.metadata.to, e.metadata.source])).toEqual([
      ["member", "admin", "groups_claim"],
      ["admin", "member", "groups_claim"],
    ]);
  });

  it("leaves the role alone when the claim is absent", async () => {
    const { org, connectionId } = await orgWithMappings();
    const user = await makeUser(stack.db, org.id, { email: `nogroups-${unique()}@example.com`, role: "admin" });
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email: user.email, name: "No Groups", password: IDP_PASSWORD });
    expect(await signIn(connectionId, user.email)).toBe("/dashboard");
    expect(await roleOf(user.id)).toBe("admin");
  });

  it("never demotes the last active admin; the refusal is recorded and sign-in still succeeds", async () => {
    const { org, admin, connectionId } = await orgWithMappings();
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email: admin.email, name: "Only Admin", password: IDP_PASSWORD, groups: ["Staff"] });
    expect(await signIn(connectionId, admin.email)).toBe("/dashboard");
    expect(await roleOf(admin.id)).toBe("admin");
    expect((await actions(org.id, "provisioning.role_change_refused")).map((e) => e.metadata.reason)).toEqual(["last_admin"]);
  });
});
