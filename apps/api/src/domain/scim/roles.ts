import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { Transaction } from "@jams/db/client";
import { groupRoleMappings, scimGroupMembers, scimGroups, users } from "@jams/db/schema";
import { recordAuditEvent, type AuditEventInput } from "../audit/record-audit-event";

type AuditBase = Pick<AuditEventInput, "organizationId" | "actor" | "ip"> & { metadata: Record<string, unknown> };

/**
 * Re-derives the role of `userIds` from their SCIM group memberships and the organisation's
 * group → role mappings: admin when any of their groups maps to admin, member otherwise. Without
 * mappings nothing changes (roles stay hand-managed). A demotion that would leave no active admin
 * is refused and recorded. The caller holds the organisation lock.
 */
export async function applyScimGroupRoles(
  tx: Transaction,
  input: { organizationId: string; userIds: string[]; audit: AuditBase; now: Date },
) {
  if (input.userIds.length === 0) return;
  const [mapped] = await tx
    .select({ n: count() })
    .from(groupRoleMappings)
    .where(eq(groupRoleMappings.organizationId, input.organizationId));
  if (!mapped || mapped.n === 0) return;
  const rows = await tx
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      status: users.status,
      groupAdmin: sql<boolean>`exists (
        select 1 from ${scimGroupMembers} gm
        join ${scimGroups} g on g.id = gm.group_id
        join ${groupRoleMappings} rm on rm.organization_id = g.organization_id and lower(rm.group_name) = lower(g.display_name)
        where gm.user_id = ${users}.id and rm.role = 'admin')`,
    })
    .from(users)
    .where(and(eq(users.organizationId, input.organizationId), inArray(users.id, input.userIds)));
  // Promotions first, so a swap of admins inside one group push never trips the last-admin rule.
  const ordered = [...rows].sort((a, b) => Number(b.groupAdmin) - Number(a.groupAdmin));
  for (const row of ordered) {
    const desired = row.groupAdmin ? "admin" : "member";
    if (desired === row.role) continue;
    if (desired === "member" && row.status === "active" && !(await anotherActiveAdmin(tx, input.organizationId, row.id))) {
      await recordAuditEvent(tx, {
        ...input.audit,
        action: "provisioning.role_change_refused",
        target: { type: "user", id: row.id },
        metadata: { ...input.audit.metadata, email: row.email, from: row.role, to: desired, reason: "last_admin" },
      });
      continue;
    }
    await tx.update(users).set({ role: desired, updatedAt: input.now }).where(eq(users.id, row.id));
    await recordAuditEvent(tx, {
      ...input.audit,
      action: "provisioning.role_changed",
      target: { type: "user", id: row.id },
      metadata: { ...input.audit.metadata, email: row.email, from: row.role, to: desired },
    });
  }
}

async function anotherActiveAdmin(tx: Transaction, organizationId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.role, "admin"), eq(users.status, "active"), ne(users.id, userId)));
  return (row?.n ?? 0) > 0;
}

/** Every user in at least one SCIM group of the organisation (for re-applying changed mappings). */
export async function scimGroupMemberIds(tx: Transaction, organizationId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ userId: scimGroupMembers.userId })
    .from(scimGroupMembers)
    .innerJoin(scimGroups, eq(scimGroups.id, scimGroupMembers.groupId))
    .where(eq(scimGroups.organizationId, organizationId));
  return rows.map((r) => r.userId);
}
