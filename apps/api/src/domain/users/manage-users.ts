import { and, count, eq, ne } from "drizzle-orm";
import type { Transaction } from "@jams/db/client";
import { groupRoleMappings, users } from "@jams/db/schema";
import { recordAdminAction } from "../audit/record-audit-event";
import type { AuthedContext, UserRole } from "../context";
import { DomainError } from "../errors";
import { revokeUserSessions } from "../sessions/revoke-session";
import { lockOrganization } from "../sso/enforcement";
import { findOrgUser } from "./find-org-user";

/** Refuses a change that would leave the organisation without an active admin. */
async function assertAnotherActiveAdmin(tx: Transaction, ctx: AuthedContext, userId: string): Promise<void> {
  const [row] = await tx
    .select({ admins: count() })
    .from(users)
    .where(
      and(
        eq(users.organizationId, ctx.user.organizationId),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        ne(users.id, userId),
      ),
    );
  if (!row || row.admins === 0) throw new DomainError("last_admin");
}

type UserChange = "role" | "disable" | "remove";

/**
 * A user the SCIM directory manages is disabled and removed at the IdP, not here; their role too
 * once group → role mappings exist. Otherwise the next provisioning run would silently undo it.
 */
async function assertHandEditable(tx: Transaction, ctx: AuthedContext, user: { scimManaged: boolean }, change: UserChange): Promise<void> {
  if (!user.scimManaged) return;
  if (change === "role") {
    const [mapped] = await tx.select({ n: count() }).from(groupRoleMappings).where(eq(groupRoleMappings.organizationId, ctx.user.organizationId));
    if (!mapped || mapped.n === 0) return;
  }
  throw new DomainError("managed_by_provisioning");
}

async function changeUser(
  ctx: AuthedContext,
  userId: string,
  change: UserChange,
  apply: (tx: Transaction, user: Awaited<ReturnType<typeof findOrgUser>>) => Promise<Record<string, unknown>>,
): Promise<void> {
  await ctx.deps.db.transaction(async (tx) => {
    await lockOrganization(tx, ctx.user.organizationId);
    const user = await findOrgUser(ctx, userId, tx);
    await assertHandEditable(tx, ctx, user, change);
    const metadata = await apply(tx, user);
    await recordAdminAction(tx, ctx, {
      action: change === "role" ? "user.role_changed" : change === "disable" ? "user.disabled" : "user.removed",
      target: { type: "user", id: user.id },
      metadata: { email: user.email, ...metadata },
    });
  });
}

export async function setUserRole({ ctx, input }: { ctx: AuthedContext; input: { userId: string; role: UserRole } }) {
  await changeUser(ctx, input.userId, "role", async (tx, user) => {
    if (user.role === "admin" && input.role !== "admin") await assertAnotherActiveAdmin(tx, ctx, user.id);
    await tx.update(users).set({ role: input.role, updatedAt: ctx.deps.now() }).where(eq(users.id, user.id));
    return { from: user.role, to: input.role };
  });
  return { ok: true as const };
}

export async function disableUser({ ctx, input }: { ctx: AuthedContext; input: { userId: string } }) {
  await changeUser(ctx, input.userId, "disable", async (tx, user) => {
    if (user.role === "admin") await assertAnotherActiveAdmin(tx, ctx, user.id);
    await tx.update(users).set({ status: "disabled", updatedAt: ctx.deps.now() }).where(eq(users.id, user.id));
    await revokeUserSessions(ctx.deps, tx, user.id);
    return {};
  });
  return { ok: true as const };
}

export async function removeUser({ ctx, input }: { ctx: AuthedContext; input: { userId: string } }) {
  await changeUser(ctx, input.userId, "remove", async (tx, user) => {
    if (user.role === "admin") await assertAnotherActiveAdmin(tx, ctx, user.id);
    // Sessions, SSO bindings and invitations go with the row (ON DELETE CASCADE).
    await tx.delete(users).where(eq(users.id, user.id));
    return {};
  });
  return { ok: true as const };
}
