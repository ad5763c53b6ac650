import { and, asc, desc, eq } from "drizzle-orm";
import { groupRoleMappings, scimDirectories, scimRequests, users } from "@jams/db/schema";
import { recordAdminAction, recordAuditEvent } from "../audit/record-audit-event";
import type { AuthedContext, UserRole } from "../context";
import { DomainError } from "../errors";
import { randomToken, sha256 } from "../shared/crypto";
import { lockOrganization } from "../sso/enforcement";
import { SCIM_TOKEN_PREFIX } from "./authenticate";
import { scimBaseUrl } from "./context";
import { applyScimGroupRoles, scimGroupMemberIds } from "./roles";

/** The organisation's provisioning settings as the SSO page shows them; never the token itself. */
export async function getProvisioning({ ctx }: { ctx: AuthedContext }) {
  const orgId = ctx.user.organizationId;
  const [directory] = await ctx.deps.db
    .select({
      label: scimDirectories.label,
      tokenLast4: scimDirectories.tokenLast4,
      tokenCreatedAt: scimDirectories.tokenCreatedAt,
      revokedAt: scimDirectories.revokedAt,
      lastRequestAt: scimDirectories.lastRequestAt,
    })
    .from(scimDirectories)
    .where(eq(scimDirectories.organizationId, orgId))
    .limit(1);
  const mappings = await ctx.deps.db
    .select({ groupName: groupRoleMappings.groupName, role: groupRoleMappings.role })
    .from(groupRoleMappings)
    .where(eq(groupRoleMappings.organizationId, orgId))
    .orderBy(asc(groupRoleMappings.groupName));
  return {
    baseUrl: scimBaseUrl(ctx.deps.config.publicUrl),
    directory: directory ?? null,
    active: directory !== undefined && directory.revokedAt === null && directory.tokenLast4 !== null,
    mappings,
  };
}

/**
 * Issues a new token (the first, or a rotation: the old one stops working at once). Returned
 * exactly once; only its SHA-256 is stored.
 */
export async function generateScimToken({ ctx, input }: { ctx: AuthedContext; input: { label: string } }): Promise<{ token: string }> {
  const token = `${SCIM_TOKEN_PREFIX}${randomToken()}`;
  const now = ctx.deps.now();
  const values = {
    label: input.label,
    tokenHash: sha256(token),
    tokenLast4: token.slice(-4),
    tokenCreatedAt: now,
    tokenCreatedBy: ctx.user.id,
    revokedAt: null,
  };
  await ctx.deps.db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ tokenHash: scimDirectories.tokenHash })
      .from(scimDirectories)
      .where(eq(scimDirectories.organizationId, ctx.user.organizationId))
      .for("update");
    await tx
      .insert(scimDirectories)
      .values({ organizationId: ctx.user.organizationId, ...values })
      .onConflictDoUpdate({ target: scimDirectories.organizationId, set: values });
    await recordAdminAction(tx, ctx, {
      action: previous?.tokenHash ? "provisioning.token_rotated" : "provisioning.token_generated",
      target: { type: "scim_directory", id: ctx.user.organizationId },
      metadata: { label: input.label, tokenLast4: values.tokenLast4 },
    });
  });
  return { token };
}

/**
 * Stops provisioning: the token stops working at once, and the users it managed become
 * hand-managed again (admins can edit, disable and remove them on /users).
 */
export async function revokeScimToken({ ctx }: { ctx: AuthedContext }): Promise<{ released: number }> {
  const now = ctx.deps.now();
  return ctx.deps.db.transaction(async (tx) => {
    const revoked = await tx
      .update(scimDirectories)
      .set({ tokenHash: null, revokedAt: now })
      .where(eq(scimDirectories.organizationId, ctx.user.organizationId))
      .returning({ label: scimDirectories.label, tokenLast4: scimDirectories.tokenLast4 });
    if (revoked.length === 0) throw new DomainError("not_found");
    const released = await tx
      .update(users)
      .set({ scimManaged: false, updatedAt: now })
      .where(and(eq(users.organizationId, ctx.user.organizationId), eq(users.scimManaged, true)))
      .returning({ id: users.id });
    await recordAdminAction(tx, ctx, {
      action: "provisioning.token_revoked",
      target: { type: "scim_directory", id: ctx.user.organizationId },
      metadata: { label: revoked[0]?.label, tokenLast4: revoked[0]?.tokenLast4, usersReleased: released.length },
    });
    return { released: released.length };
  });
}

export async function listScimRequests({ ctx, input }: { ctx: AuthedContext; input: { limit: number } }) {
  return ctx.deps.db
    .select({
      id: scimRequests.id,
      method: scimRequests.method,
      path: scimRequests.path,
      status: scimRequests.status,
      scimType: scimRequests.scimType,
      resourceId: scimRequests.resourceId,
      durationMs: scimRequests.durationMs,
      createdAt: scimRequests.createdAt,
    })
    .from(scimRequests)
    .where(eq(scimRequests.organizationId, ctx.user.organizationId))
    .orderBy(desc(scimRequests.createdAt))
    .limit(input.limit);
}

/** Replaces the group → role mappings and re-applies them to every SCIM group member at once. */
export async function setRoleMappings({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { mappings: { groupName: string; role: UserRole }[] };
}): Promise<{ ok: true }> {
  const seen = new Set<string>();
  for (const mapping of input.mappings) {
    const key = mapping.groupName.toLowerCase();
    if (seen.has(key)) throw new DomainError("invalid_input");
    seen.add(key);
  }
  const orgId = ctx.user.organizationId;
  await ctx.deps.db.transaction(async (tx) => {
    await lockOrganization(tx, orgId);
    await tx.delete(groupRoleMappings).where(eq(groupRoleMappings.organizationId, orgId));
    if (input.mappings.length > 0) {
      await tx.insert(groupRoleMappings).values(input.mappings.map((m) => ({ organizationId: orgId, groupName: m.groupName, role: m.role })));
    }
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: ctx.user,
      action: "provisioning.role_mappings_changed",
      metadata: { mappings: input.mappings },
      ip: ctx.meta.ip,
    });
    await applyScimGroupRoles(tx, {
      organizationId: orgId,
      userIds: await scimGroupMemberIds(tx, orgId),
      audit: { organizationId: orgId, actor: ctx.user, ip: ctx.meta.ip, metadata: { source: "role_mappings" } },
      now: ctx.deps.now(),
    });
  });
  return { ok: true };
}
