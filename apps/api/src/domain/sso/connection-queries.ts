import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Transaction } from "@jams/db/client";
import { organizations, ssoConnections } from "@jams/db/schema";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import { connectionViewColumns, findOwnConnection, toConnectionView, type ConnectionView } from "./connection-view";

export async function listConnections({ ctx }: { ctx: AuthedContext }): Promise<ConnectionView[]> {
  const rows = await ctx.deps.db
    .select(connectionViewColumns)
    .from(ssoConnections)
    .where(eq(ssoConnections.organizationId, ctx.user.organizationId))
    .orderBy(asc(ssoConnections.createdAt));
  return rows.map(toConnectionView);
}

export function getConnection({ ctx, input }: { ctx: AuthedContext; input: { connectionId: string } }): Promise<ConnectionView> {
  return findOwnConnection(ctx, input.connectionId);
}

/**
 * While SSO is enforced, password sign-in is refused, so removing the last enabled, verified
 * connection would lock the whole organisation out. Runs inside the change's transaction after
 * the change; the organisation row lock serialises two admins disabling two connections at once.
 */
export async function assertEnforcementKeepsAConnection(tx: Transaction, organizationId: string): Promise<void> {
  const [org] = await tx
    .select({ enforced: organizations.ssoEnforced })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for("update");
  if (!org?.enforced) return;
  const [usable] = await tx
    .select({ id: ssoConnections.id })
    .from(ssoConnections)
    .where(
      and(
        eq(ssoConnections.organizationId, organizationId),
        eq(ssoConnections.enabled, true),
        isNotNull(ssoConnections.verifiedAt),
      ),
    )
    .limit(1);
  if (!usable) throw new DomainError("sso_enforced_needs_connection");
}

export async function deleteConnection({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { connectionId: string };
}): Promise<{ ok: true }> {
  await ctx.deps.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(ssoConnections)
      .where(and(eq(ssoConnections.id, input.connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
      .returning({ id: ssoConnections.id, label: ssoConnections.label, issuer: ssoConnections.issuer });
    const row = deleted[0];
    if (!row) throw new DomainError("not_found");
    await assertEnforcementKeepsAConnection(tx, ctx.user.organizationId);
    await recordAuditEvent(tx, {
      organizationId: ctx.user.organizationId,
      actor: ctx.user,
      action: "sso.connection_deleted",
      target: { type: "sso_connection", id: row.id },
      metadata: { label: row.label, issuer: row.issuer },
      ip: ctx.meta.ip,
    });
  });
  return { ok: true };
}

export async function setConnectionEnabled({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { connectionId: string; enabled: boolean };
}): Promise<ConnectionView> {
  return ctx.deps.db.transaction(async (tx) => {
    const updated = await tx
      .update(ssoConnections)
      .set({ enabled: input.enabled, updatedAt: ctx.deps.now() })
      .where(and(eq(ssoConnections.id, input.connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
      .returning(connectionViewColumns);
    const row = updated[0];
    if (!row) throw new DomainError("not_found");
    if (!input.enabled) await assertEnforcementKeepsAConnection(tx, ctx.user.organizationId);
    await recordAuditEvent(tx, {
      organizationId: ctx.user.organizationId,
      actor: ctx.user,
      action: input.enabled ? "sso.connection_enabled" : "sso.connection_disabled",
      target: { type: "sso_connection", id: row.id },
      metadata: { label: row.label },
      ip: ctx.meta.ip,
    });
    return toConnectionView(row);
  });
}
