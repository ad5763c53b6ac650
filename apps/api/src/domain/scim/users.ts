import { and, asc, count, eq, ne, or, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@jams/db/client";
import { users } from "@jams/db/schema";
import { scimPatch, type ScimPatchOperation } from "scim-patch";
import { recordAuditEvent } from "../audit/record-audit-event";
import { lockOrganization } from "../sso/enforcement";
import { isUniqueViolation } from "../users/create-invitation";
import { revokeUserSessions } from "../sessions/revoke-session";
import { type ScimContext, scimAudit, scimSource } from "./context";
import { RefusedChange, ScimError, invalidValue, notFound, uniqueness } from "./errors";
import { filterToSql } from "./filter";
import { type Page, pageOf } from "./pagination";
import { normalisePatchOperations } from "./patch";
import { assertEmailProvisionable } from "./provisionable-email";
import { parseUserInput, toScimUser, type UserInput, type UserRow } from "./user-resource";
import { userFilterSchema } from "./user-filter";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  givenName: users.givenName,
  familyName: users.familyName,
  status: users.status,
  role: users.role,
  scimExternalId: users.scimExternalId,
  scimManaged: users.scimManaged,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

async function findUser(ctx: ScimContext, id: string, tx?: Transaction): Promise<UserRow> {
  if (!UUID.test(id)) throw notFound();
  const [row] = await (tx ?? ctx.deps.db)
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, id.toLowerCase()), eq(users.organizationId, ctx.directory.organizationId)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export async function listScimUsers(ctx: ScimContext, query: { filter?: string; page: Page }) {
  const condition: SQL | undefined = query.filter ? filterToSql(userFilterSchema, query.filter) : undefined;
  const scope = and(eq(users.organizationId, ctx.directory.organizationId), condition);
  const [total] = await ctx.deps.db.select({ n: count() }).from(users).where(scope);
  const rows =
    query.page.count === 0
      ? []
      : await ctx.deps.db
          .select(userColumns)
          .from(users)
          .where(scope)
          .orderBy(asc(users.createdAt), asc(users.id))
          .offset(query.page.startIndex - 1)
          .limit(query.page.count);
  return pageOf(total?.n ?? 0, query.page, rows.map((row) => toScimUser(ctx, row)));
}

export async function getScimUser(ctx: ScimContext, id: string) {
  return toScimUser(ctx, await findUser(ctx, id));
}

/** Refuses an email another user (in ANY organisation) holds, without saying whose it is. */
async function assertEmailAvailable(tx: Transaction, organizationId: string, email: string, exceptUserId: string | null): Promise<void> {
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        sql`lower(${users.email}) = ${email}`,
        // Another organisation's invitation does not hold the address (issue 9): answering 409 for
        // it would tell this IdP that some organisation invited the address.
        or(eq(users.organizationId, organizationId), ne(users.status, "invited")),
        exceptUserId ? ne(users.id, exceptUserId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw uniqueness("userName is already in use");
}

async function assertExternalIdAvailable(ctx: ScimContext, tx: Transaction, externalId: string | null, exceptUserId: string | null) {
  if (externalId === null) return;
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organizationId, ctx.directory.organizationId),
        eq(users.scimExternalId, externalId),
        exceptUserId ? ne(users.id, exceptUserId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw uniqueness("externalId is already in use");
}

/** A deactivation or deletion that would leave the organisation without an active admin is refused and recorded. */
async function assertNotLastAdmin(ctx: ScimContext, tx: Transaction, user: UserRow, change: string): Promise<void> {
  if (user.role !== "admin" || user.status !== "active") return;
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(
      and(
        eq(users.organizationId, ctx.directory.organizationId),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        ne(users.id, user.id),
      ),
    );
  if (row && row.n > 0) return;
  throw new RefusedChange("last_admin: the organisation's last active admin cannot be deactivated or deleted", {
    ...scimAudit(ctx),
    action: "provisioning.change_refused",
    target: { type: "user", id: user.id },
    metadata: { ...scimSource(ctx), email: user.email, change, reason: "last_admin" },
  });
}

function wrapUnique<T>(ctx: ScimContext, run: () => Promise<T>): Promise<T> {
  return run().catch(async (error: unknown) => {
    // Two concurrent creates of one address: the unique indexes have the last word.
    if (isUniqueViolation(error)) throw uniqueness("userName or externalId is already in use");
    // Recorded after the refused transaction rolled back (and released the organisation lock).
    if (error instanceof RefusedChange) await recordAuditEvent(ctx.deps.db, error.audit);
    throw error;
  });
}

/** The columns the IdP owns, the same on create and on every later PUT/PATCH. */
function managedColumns(input: UserInput) {
  return {
    email: input.email,
    displayName: input.displayName,
    givenName: input.givenName,
    familyName: input.familyName,
    scimExternalId: input.externalId,
    // Active for SSO at once without an invitation or password; inactive means disabled.
    status: input.active ? ("active" as const) : ("disabled" as const),
    scimManaged: true,
  };
}

export async function createScimUser(ctx: ScimContext, body: unknown) {
  const input = parseUserInput(body);
  const now = ctx.deps.now();
  const row = await wrapUnique(ctx, () =>
    ctx.deps.db.transaction(async (tx) => {
      await assertEmailProvisionable(tx, { organizationId: ctx.directory.organizationId, email: input.email });
      await assertEmailAvailable(tx, ctx.directory.organizationId, input.email, null);
      await assertExternalIdAvailable(ctx, tx, input.externalId, null);
      const [created] = await tx
        .insert(users)
        .values({
          organizationId: ctx.directory.organizationId,
          ...managedColumns(input),
          role: "member",
          createdAt: now,
          updatedAt: now,
        })
        .returning(userColumns);
      if (!created) throw new Error("user insert returned nothing");
      await recordAuditEvent(tx, {
        ...scimAudit(ctx),
        action: "provisioning.user_created",
        target: { type: "user", id: created.id },
        metadata: { ...scimSource(ctx), email: created.email, active: input.active },
      });
      return created;
    }),
  );
  return toScimUser(ctx, row);
}

/** Applies a full desired state (PUT, or PATCH after the operations are applied) in one transaction. */
async function applyUserState(ctx: ScimContext, id: string, desired: (current: UserRow) => UserInput) {
  const now = ctx.deps.now();
  const row = await wrapUnique(ctx, () =>
    ctx.deps.db.transaction(async (tx) => {
      // Serialises admin-count decisions with the admin UI's changes (same lock).
      await lockOrganization(tx, ctx.directory.organizationId);
      const current = await findUser(ctx, id, tx);
      const input = desired(current);
      if (input.email !== current.email) {
        await assertEmailProvisionable(tx, { organizationId: ctx.directory.organizationId, email: input.email });
        await assertEmailAvailable(tx, ctx.directory.organizationId, input.email, current.id);
      }
      if (input.externalId !== current.scimExternalId) await assertExternalIdAvailable(ctx, tx, input.externalId, current.id);
      const deactivate = !input.active && current.status !== "disabled";
      const reactivate = input.active && current.status === "disabled";
      if (deactivate) await assertNotLastAdmin(ctx, tx, current, "deactivate");
      const [updated] = await tx
        .update(users)
        .set({
          ...managedColumns(input),
          updatedAt: now,
        })
        .where(eq(users.id, current.id))
        .returning(userColumns);
      if (!updated) throw notFound();
      // Disabled users' sessions already stop resolving; revoking them makes it final and visible.
      if (deactivate) await revokeUserSessions(ctx.deps, tx, current.id);
      const changed = changedFields(current, input);
      if (changed.length > 0 || !current.scimManaged) {
        await recordAuditEvent(tx, {
          ...scimAudit(ctx),
          action: deactivate ? "provisioning.user_deactivated" : reactivate ? "provisioning.user_reactivated" : "provisioning.user_updated",
          target: { type: "user", id: current.id },
          metadata: {
            ...scimSource(ctx),
            email: updated.email,
            changed,
            ...(input.email !== current.email ? { previousEmail: current.email } : {}),
            ...(!current.scimManaged ? { nowManaged: true } : {}),
          },
        });
      }
      return updated;
    }),
  );
  return toScimUser(ctx, row);
}

function changedFields(current: UserRow, input: UserInput): string[] {
  const changed: string[] = [];
  if (input.email !== current.email) changed.push("userName");
  if (input.displayName !== current.displayName) changed.push("displayName");
  if (input.givenName !== current.givenName || input.familyName !== current.familyName) changed.push("name");
  if (input.externalId !== current.scimExternalId) changed.push("externalId");
  if (input.active !== (current.status !== "disabled") || (input.active && current.status === "invited")) changed.push("active");
  return changed;
}

export async function replaceScimUser(ctx: ScimContext, id: string, body: unknown) {
  const input = parseUserInput(body);
  return applyUserState(ctx, id, () => input);
}

export async function patchScimUser(ctx: ScimContext, id: string, body: unknown) {
  const operations = normalisePatchOperations(body);
  return applyUserState(ctx, id, (current) => {
    const resource = { ...toScimUser(ctx, current), meta: { created: current.createdAt, lastModified: current.updatedAt } };
    const patched = applyPatch(resource, operations) as Record<string, unknown>;
    // Entra ID changes the address through emails[type eq "work"].value alone: follow it when
    // userName was the old address and the patch left it as it was.
    const newEmail = primaryEmailOf(patched);
    if (newEmail && newEmail !== current.email && patched.userName === current.email) patched.userName = newEmail;
    return parseUserInput(patched);
  });
}

function primaryEmailOf(resource: Record<string, unknown>): string | null {
  const emails = resource.emails;
  if (!Array.isArray(emails)) return null;
  const records = emails.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
  const chosen = records.find((e) => e.primary === true) ?? records.find((e) => e.type === "work");
  return chosen && typeof chosen.value === "string" ? chosen.value.trim().toLowerCase() : null;
}

/**
 * Applies PatchOp operations with scim-patch (path expressions such as emails[type eq "work"].value
 * included), one at a time: removing something already absent is a no-op, which keeps retries
 * from an IdP idempotent.
 */
export function applyPatch<T extends { schemas: string[]; meta: { created: Date; lastModified: Date } }>(
  resource: T,
  operations: ScimPatchOperation[],
): T {
  let current = resource;
  for (const operation of operations) {
    try {
      current = scimPatch(current, [operation], { mutateDocument: false, treatMissingAsAdd: true });
    } catch (error) {
      const scimCode = (error as { scimCode?: string }).scimCode;
      if (scimCode === "noTarget" && operation.op === "remove") continue;
      if (scimCode === "noTarget") throw new ScimError(400, "noTarget", "The patch path matches nothing");
      if (scimCode === "invalidPath") throw new ScimError(400, "invalidPath", "The patch path is not valid");
      throw invalidValue("The patch operations could not be applied");
    }
  }
  return current;
}

export async function deleteScimUser(ctx: ScimContext, id: string): Promise<void> {
  await wrapUnique(ctx, () => ctx.deps.db.transaction(async (tx) => {
    await lockOrganization(tx, ctx.directory.organizationId);
    const current = await findUser(ctx, id, tx);
    await assertNotLastAdmin(ctx, tx, current, "delete");
    // Sessions, SSO bindings, invitations and group memberships go with the row (ON DELETE CASCADE).
    await tx.delete(users).where(eq(users.id, current.id));
    await recordAuditEvent(tx, {
      ...scimAudit(ctx),
      action: "provisioning.user_deleted",
      target: { type: "user", id: current.id },
      metadata: { ...scimSource(ctx), email: current.email },
    });
  }));
}
