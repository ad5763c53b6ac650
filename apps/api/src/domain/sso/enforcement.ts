import { and, asc, eq, isNotNull, isNull, ne, notExists, sql } from "drizzle-orm";
import { organizations, sessions, ssoConnections, ssoIdentities, users } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import { lockOrganization } from "../users/find-org-user";

export interface EnforcementView {
  enforced: boolean;
  enforcedAt: Date | null;
  enforcedBy: string | null;
  canEnforce: boolean;
  blockedReason: null | "enforce_requires_sso_session" | "no_verified_connection";
  preflight: { usersWithoutSso: { id: string; email: string; displayName: string | null }[] };
}

/** Connections that count for enforcement: enabled and proven by a successful test sign-in. */
async function verifiedConnectionIds(ctx: AuthedContext, db: Database | Transaction): Promise<string[]> {
  const rows = await db
    .select({ id: ssoConnections.id })
    .from(ssoConnections)
    .where(
      and(
        eq(ssoConnections.organizationId, ctx.user.organizationId),
        eq(ssoConnections.enabled, true),
        isNotNull(ssoConnections.verifiedAt),
      ),
    );
  return rows.map((row) => row.id);
}

/** Enforcing from a password session could lock the org out; the admin must prove SSO works for them. */
async function blockedReasonFor(ctx: AuthedContext, db: Database | Transaction = ctx.deps.db): Promise<EnforcementView["blockedReason"]> {
  const verified = await verifiedConnectionIds(ctx, db);
  if (verified.length === 0) return "no_verified_connection";
  const { method, connectionId } = ctx.session;
  if (method !== "sso" || !connectionId || !verified.includes(connectionId)) return "enforce_requires_sso_session";
  return null;
}

export async function getEnforcement({ ctx }: { ctx: AuthedContext }): Promise<EnforcementView> {
  const { db } = ctx.deps;
  const orgId = ctx.user.organizationId;
  const [org] = await db
    .select({ enforced: organizations.ssoEnforced, enforcedAt: organizations.ssoEnforcedAt, enforcedBy: organizations.ssoEnforcedBy })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw new DomainError("not_found");
  const usersWithoutSso = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(
      and(
        eq(users.organizationId, orgId),
        eq(users.status, "active"),
        notExists(
          db
            .select({ one: sql`1` })
            .from(ssoIdentities)
            .innerJoin(ssoConnections, eq(ssoConnections.id, ssoIdentities.connectionId))
            .where(and(eq(ssoIdentities.userId, users.id), eq(ssoConnections.organizationId, orgId))),
        ),
      ),
    )
    .orderBy(asc(users.email));
  const blockedReason = await blockedReasonFor(ctx);
  return { ...org, canEnforce: blockedReason === null, blockedReason, preflight: { usersWithoutSso } };
}

export async function setEnforced({ ctx, input }: { ctx: AuthedContext; input: { enforced: boolean } }): Promise<EnforcementView> {
  const { deps } = ctx;
  const orgId = ctx.user.organizationId;
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    // Checked under the organisation row lock that disabling/deleting a connection also takes:
    // otherwise the last verified connection could go away between this check and the flip.
    await lockOrganization(tx, orgId);
    if (input.enforced && (await blockedReasonFor(ctx, tx)) !== null) throw new DomainError("enforce_requires_sso_session");
    await tx
      .update(organizations)
      .set(input.enforced ? { ssoEnforced: true, ssoEnforcedAt: now, ssoEnforcedBy: ctx.user.id } : { ssoEnforced: false })
      .where(eq(organizations.id, orgId));
    if (input.enforced) {
      // Password sessions would otherwise outlive the policy for up to the absolute timeout.
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: "sso_enforced" })
        .where(and(eq(sessions.organizationId, orgId), ne(sessions.method, "sso"), isNull(sessions.revokedAt)));
    }
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: ctx.user,
      action: input.enforced ? "sso.enforcement_enabled" : "sso.enforcement_disabled",
      target: { type: "organization", id: orgId },
      ip: ctx.meta.ip,
    });
  });
  return getEnforcement({ ctx });
}

/** Recovery path for the CLI (`pnpm jams sso unenforce --org <slug>`). */
export async function unenforceSsoBySlug(db: Database, slug: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({ ssoEnforced: false })
      .where(eq(organizations.slug, slug))
      .returning({ id: organizations.id });
    if (!org) return false;
    await recordAuditEvent(tx, {
      organizationId: org.id,
      actor: null,
      action: "sso.enforcement_disabled",
      target: { type: "organization", id: org.id },
      metadata: { via: "cli" },
    });
    return true;
  });
}
