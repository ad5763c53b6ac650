/** audit.list: server-side filters (actor, action, dates) and names for the ids an event mentions. */
import { auditEvents } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { signedInCaller, testDeps } from "./helpers/callers";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, makeUser } from "./helpers/factories";
import { withDatabase } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("audit log filters on %s", (driver) => {
  const stack = withDatabase(driver);

  it("filters by actor, action and date on the server, and names users instead of ids", async () => {
    const deps = testDeps(stack.database);
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const other = await makeUser(stack.db, org.id, { role: "admin" });
    const { caller } = await signedInCaller(deps, admin);
    const { caller: otherCaller } = await signedInCaller(deps, other);
    await caller.users.invite({ email: "first@example.com", role: "member" });
    await otherCaller.users.invite({ email: "second@example.com", role: "admin" });
    const old = new Date("2020-01-15T10:00:00Z");
    await stack.db.insert(auditEvents).values({ organizationId: org.id, actorUserId: admin.id, actorEmail: admin.email, action: "user.removed", targetType: "user", targetId: other.id, createdAt: old, metadata: { testedBy: other.id } });

    const all = await caller.audit.list({});
    expect(all.events.length).toBeGreaterThanOrEqual(3);

    const byActor = await caller.audit.list({ actor: other.email.toUpperCase() });
    expect(byActor.events.map((e) => e.action)).toEqual(["user.invited"]);
    expect(byActor.events[0]?.metadata).toMatchObject({ email: "second@example.com" });

    const byAction = await caller.audit.list({ action: "user.invited" });
    expect(byAction.events).toHaveLength(2);
    const byGroup = await caller.audit.list({ action: "user." });
    expect(byGroup.events.length).toBe(3);

    const before = await caller.audit.list({ to: "2020-01-31" });
    expect(before.events.map((e) => e.action)).toEqual(["user.removed"]);
    const after = await caller.audit.list({ from: "2021-01-01" });
    expect(after.events.map((e) => e.action)).not.toContain("user.removed");
    const day = await caller.audit.list({ from: "2020-01-15", to: "2020-01-15" });
    expect(day.events).toHaveLength(1);

    // Ids the event mentions come with names the page can show.
    expect(before.names[other.id]).toBe(other.email);
    expect(before.events[0]?.targetName).toBe(other.email);

    await expectAppCode(caller.audit.list({ from: "2021-02-01", to: "2021-01-01" }), "invalid_input");
    expect((await caller.audit.list({ actor: "system" })).events.every((e) => e.actorUserId === null)).toBe(true);
  });
});
