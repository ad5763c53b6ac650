import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { Transaction } from "@jams/db/client";
import { scimGroupMembers, scimGroups, users } from "@jams/db/schema";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../users/create-invitation";
import { lockOrganization } from "../sso/enforcement";
import { type ScimContext, scimAudit, scimSource } from "./context";
import { invalidValue, notFound, uniqueness } from "./errors";
import { filterToSql } from "./filter";
import { groupFilterSchema, parseGroupInput, toScimGroup, type GroupInput, type GroupRow } from "./group-resource";
import { type Page, pageOf } from "./pagination";
import { normalisePatchOperations } from "./patch";
import { applyScimGroupRoles } from "./roles";
import { applyPatch } from "./users";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const groupColumns = {
  id: scimGroups.id,
  displayName: scimGroups.displayName,
  externalId: scimGroups.externalId,
  createdAt: scimGroups.createdAt,
  updatedAt: scimGroups.updatedAt,
};

type Db = ScimContext["deps"]["db"] | Transaction;

async function membersOf(db: Db, groupIds: string[]): Promise<Map<string, { id: string; email: string }[]>> {
  const byGroup = new Map<string, { id: string; email: string }[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return byGroup;
  const rows = await db
    .select({ groupId: scimGroupMembers.groupId, id: users.id, email: users.email })
    .from(scimGroupMembers)
    .innerJoin(users, eq(users.id, scimGroupMembers.userId))
    .where(inArray(scimGroupMembers.groupId, groupIds))
    .orderBy(asc(users.email));
  for (const row of rows) byGroup.get(row.groupId)?.push({ id: row.id, email: row.email });
  return byGroup;
}

async function findGroup(ctx: ScimContext, id: string, db: Db = ctx.deps.db): Promise<GroupRow> {
  if (!UUID.test(id)) throw notFound();
  const [row] = await db
    .select(groupColumns)
    .from(scimGroups)
    .where(and(eq(scimGroups.id, id.toLowerCase()), eq(scimGroups.organizationId, ctx.directory.organizationId)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

/** `excludedAttributes=members` (Entra ID asks for it) saves loading large memberships. */
export interface GroupProjection {
  members: boolean;
}

export async function listScimGroups(ctx: ScimContext, query: { filter?: string; page: Page; projection: GroupProjection }) {
  const condition: SQL | undefined = query.filter ? filterToSql(groupFilterSchema, query.filter) : undefined;
  const scope = and(eq(scimGroups.organizationId, ctx.directory.organizationId), condition);
  const [total] = await ctx.deps.db.select({ n: count() }).from(scimGroups).where(scope);
  const rows =
    query.page.count === 0
      ? []
      : await ctx.deps.db
          .select(groupColumns)
          .from(scimGroups)
          .where(scope)
          .orderBy(asc(scimGroups.createdAt), asc(scimGroups.id))
          .offset(query.page.startIndex - 1)
          .limit(query.page.count);
  const members = query.projection.members ? await membersOf(ctx.deps.db, rows.map((r) => r.id)) : null;
  return pageOf(total?.n ?? 0, query.page, rows.map((row) => toScimGroup(ctx, row, members?.get(row.id) ?? null)));
}

export async function getScimGroup(ctx: ScimContext, id: string, projection: GroupProjection) {
  const row = await findGroup(ctx, id);
  const members = projection.members ? ((await membersOf(ctx.deps.db, [row.id])).get(row.id) ?? []) : null;
  return toScimGroup(ctx, row, members);
}

/** Every member must be a user of THIS organisation; another org's id answers like an unknown one. */
async function assertMembersInOrganization(ctx: ScimContext, tx: Transaction, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.organizationId, ctx.directory.organizationId), inArray(users.id, memberIds)));
  if ((row?.n ?? 0) !== memberIds.length) throw invalidValue("members[].value names a user that does not exist");
}

function withUniqueName<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (isUniqueViolation(error)) throw uniqueness("A group with this displayName already exists");
    throw error;
  });
}

async function writeMembers(ctx: ScimContext, tx: Transaction, groupId: string, before: string[], after: string[]) {
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  await assertMembersInOrganization(ctx, tx, added);
  if (removed.length > 0) {
    await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.groupId, groupId), inArray(scimGroupMembers.userId, removed)));
  }
  if (added.length > 0) {
    await tx.insert(scimGroupMembers).values(added.map((userId) => ({ groupId, userId }))).onConflictDoNothing();
  }
  return { added, removed };
}

export async function createScimGroup(ctx: ScimContext, body: unknown) {
  const input = parseGroupInput(body);
  const now = ctx.deps.now();
  const row = await withUniqueName(() =>
    ctx.deps.db.transaction(async (tx) => {
      await lockOrganization(tx, ctx.directory.organizationId);
      const [created] = await tx
        .insert(scimGroups)
        .values({ organizationId: ctx.directory.organizationId, displayName: input.displayName, externalId: input.externalId, createdAt: now, updatedAt: now })
        .returning(groupColumns);
      if (!created) throw new Error("group insert returned nothing");
      const { added } = await writeMembers(ctx, tx, created.id, [], input.memberIds);
      await recordAuditEvent(tx, {
        ...scimAudit(ctx),
        action: "provisioning.group_created",
        target: { type: "group", id: created.id },
        metadata: { ...scimSource(ctx), displayName: created.displayName, membersAdded: added.length },
      });
      await applyScimGroupRoles(tx, { ...scimAudit(ctx), userIds: added, audit: { ...scimAudit(ctx), metadata: scimSource(ctx) }, now });
      return created;
    }),
  );
  return getScimGroup(ctx, row.id, { members: true });
}

async function applyGroupState(ctx: ScimContext, id: string, desired: (current: GroupRow, memberIds: string[]) => GroupInput) {
  const now = ctx.deps.now();
  await withUniqueName(() =>
    ctx.deps.db.transaction(async (tx) => {
      await lockOrganization(tx, ctx.directory.organizationId);
      const current = await findGroup(ctx, id, tx);
      const before = ((await membersOf(tx, [current.id])).get(current.id) ?? []).map((m) => m.id);
      const input = desired(current, before);
      await tx
        .update(scimGroups)
        .set({ displayName: input.displayName, externalId: input.externalId, updatedAt: now })
        .where(eq(scimGroups.id, current.id));
      const { added, removed } = await writeMembers(ctx, tx, current.id, before, input.memberIds);
      await recordAuditEvent(tx, {
        ...scimAudit(ctx),
        action: "provisioning.group_updated",
        target: { type: "group", id: current.id },
        metadata: {
          ...scimSource(ctx),
          displayName: input.displayName,
          ...(input.displayName !== current.displayName ? { previousDisplayName: current.displayName } : {}),
          membersAdded: added.length,
          membersRemoved: removed.length,
        },
      });
      // A rename can change which mapping applies to every member, not only the added or removed.
      const affected = input.displayName !== current.displayName ? [...new Set([...before, ...added])] : [...added, ...removed];
      await applyScimGroupRoles(tx, { ...scimAudit(ctx), userIds: affected, audit: { ...scimAudit(ctx), metadata: scimSource(ctx) }, now });
    }),
  );
  return getScimGroup(ctx, id, { members: true });
}

export async function replaceScimGroup(ctx: ScimContext, id: string, body: unknown) {
  const input = parseGroupInput(body);
  return applyGroupState(ctx, id, () => input);
}

export async function patchScimGroup(ctx: ScimContext, id: string, body: unknown) {
  const operations = normalisePatchOperations(body);
  return applyGroupState(ctx, id, (current, memberIds) => {
    const resource = {
      ...toScimGroup(ctx, current, null),
      members: memberIds.map((value) => ({ value })),
      meta: { created: current.createdAt, lastModified: current.updatedAt },
    };
    return parseGroupInput(applyPatch(resource, operations));
  });
}

export async function deleteScimGroup(ctx: ScimContext, id: string): Promise<void> {
  const now = ctx.deps.now();
  await ctx.deps.db.transaction(async (tx) => {
    await lockOrganization(tx, ctx.directory.organizationId);
    const current = await findGroup(ctx, id, tx);
    const before = ((await membersOf(tx, [current.id])).get(current.id) ?? []).map((m) => m.id);
    await tx.delete(scimGroups).where(eq(scimGroups.id, current.id));
    await recordAuditEvent(tx, {
      ...scimAudit(ctx),
      action: "provisioning.group_deleted",
      target: { type: "group", id: current.id },
      metadata: { ...scimSource(ctx), displayName: current.displayName, members: before.length },
    });
    await applyScimGroupRoles(tx, { ...scimAudit(ctx), userIds: before, audit: { ...scimAudit(ctx), metadata: scimSource(ctx) }, now });
  });
}
