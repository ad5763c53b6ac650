import { and, asc, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { organizations, sessions, ssoConnections, ssoIdentities, ssoSignInAttempts, users } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import { recordAdminAction, recordAuditEvent } from "../audit/record-audit-event";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";

export interface PreflightUser {
  id: string;
  email: string;
  displayName: string | null;
}

export interface EnforcementView {
  enforced: boolean;
  enforcedAt: Date | null;
  enforcedBy: string | null;
  canEnforce: boolean;
  blockedReason: null | "enforce_requires_sso_session" | "no_verified_connection";
  preflight: {
    /** Active users who never signed in through SSO. */
    usersWithoutSso: PreflightUser[];
    /** Invited users who have not accepted yet: with SSO enforced, their first sign-in must be SSO. */
    invitedNotAccepted: PreflightUser[];
    /** Users whose latest SSO sign-in attempt failed, with its code. */
    latestAttemptFailed: (PreflightUser & { code: string; failedAt: Date })[];
  };
}

/**
 * The one definition of a connection Enforce SSO can rely on: enabled, and verified by a
 * successful Test sign-in or an admin's successful SSO sign-in (both set verifiedAt).
 */
async function enabledConnections(db: Database | Transaction, organizationId: string) {
  const rows = await db
    .select({ id: ssoConnections.id, verifiedAt: ssoConnections.verifiedAt })
    .from(ssoConnections)
    .where(and(eq(ssoConnections.organizationId, organizationId), eq(ssoConnections.enabled, true)));
  return rows.map((row) => ({ id: row.id, verified: row.verifiedAt !== null }));
}

/**
 * Marks a connection verified the first time it is proven; a later proof keeps the first date.
 * The SSO callback writes the same rule inside its one prepared statement (finish-sign-in.ts,
 * the `verified` CTE): change both together.
 */
export function connectionVerification(db: Database | Transaction, connection: { id: string; organizationId: string }, now: Date) {
  return db
    .update(ssoConnections)
    .set({ verifiedAt: now })
    .where(and(eq(ssoConnections.id, connection.id), eq(ssoConnections.organizationId, connection.organizationId), isNull(ssoConnections.verifiedAt)))
    .returning({ id: ssoConnections.id });
}

/**
 * The organisation row lock. Enforcement and every change that could remove its last usable
 * connection take it, and so do admin-count changes (two admins demoting each other), so those
 * serialise per organisation. Returns whether SSO is enforced, read under the lock.
 */
export async function lockOrganization(tx: Transaction, organizationId: string): Promise<{ ssoEnforced: boolean }> {
  const [org] = await tx
    .select({ ssoEnforced: organizations.ssoEnforced })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for("update");
  return { ssoEnforced: org?.ssoEnforced ?? false };
}

/**
 * While SSO is enforced, password sign-in is refused, so removing the last enabled, verified
 * connection would lock the whole organisation out. Runs inside the change's transaction after
 * the change; the organisation row lock serialises two admins disabling two connections at once.
 */
export async function assertEnforcementKeepsAConnection(tx: Transaction, organizationId: string): Promise<void> {
  const { ssoEnforced } = await lockOrganization(tx, organizationId);
  if (!ssoEnforced) return;
  const usable = (await enabledConnections(tx, organizationId)).some((connection) => connection.verified);
  if (!usable) throw new DomainError("sso_enforced_needs_connection");
}

/**
 * The enabled connections that count as verified for this request: the verified ones, and,
 * right now, the one of the asking admin's SSO session — the guide's Step 7 ("once SSO works for
 * at least one admin").
 */
async function connectionStates(ctx: AuthedContext, db: Database | Transaction) {
  const rows = await enabledConnections(db, ctx.user.organizationId);
  const { method, connectionId } = ctx.session;
  const sessionConnection = method === "sso" && connectionId ? rows.find((row) => row.id === connectionId) : undefined;
  const verified = rows.filter((row) => row.verified || row.id === sessionConnection?.id).map((row) => row.id);
  return { verified, sessionConnection };
}

/** Enforcing from a password session could lock the org out; the admin must prove SSO works for them. */
async function blockedReasonFor(ctx: AuthedContext, db: Database | Transaction = ctx.deps.db): Promise<EnforcementView["blockedReason"]> {
  const { verified, sessionConnection } = await connectionStates(ctx, db);
  if (verified.length === 0) return "no_verified_connection";
  if (!sessionConnection) return "enforce_requires_sso_session";
  return null;
}

async function preflightFor(ctx: AuthedContext): Promise<EnforcementView["preflight"]> {
  const { db } = ctx.deps;
  const orgId = ctx.user.organizationId;
  const members = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      hasSso: sql<boolean>`exists (select 1 from ${ssoIdentities} si join ${ssoConnections} sc on sc.id = si.connection_id where si.user_id = ${users}.id and sc.organization_id = ${orgId})`,
    })
    .from(users)
    .where(eq(users.organizationId, orgId))
    .orderBy(asc(users.email));
  // The latest sign-in attempt per typed email (the identifier-first login names the user before the IdP).
  const attempts = await db
    .select({ emailHint: ssoSignInAttempts.emailHint, outcome: ssoSignInAttempts.outcome, code: ssoSignInAttempts.code, finishedAt: ssoSignInAttempts.finishedAt, userId: ssoSignInAttempts.userId })
    .from(ssoSignInAttempts)
    .innerJoin(ssoConnections, eq(ssoConnections.id, ssoSignInAttempts.connectionId))
    .where(and(eq(ssoConnections.organizationId, orgId), eq(ssoSignInAttempts.purpose, "sign_in"), ne(ssoSignInAttempts.outcome, "pending")))
    .orderBy(desc(ssoSignInAttempts.startedAt))
    .limit(2_000);
  const latest = new Map<string, (typeof attempts)[number]>();
  for (const attempt of attempts) {
    const key = attempt.userId ?? attempt.emailHint?.toLowerCase();
    if (key && !latest.has(key)) latest.set(key, attempt);
  }
  const view = ({ id, email, displayName }: PreflightUser) => ({ id, email, displayName });
  const latestAttemptFailed: EnforcementView["preflight"]["latestAttemptFailed"] = [];
  for (const member of members) {
    if (member.status === "disabled") continue;
    const byEmail = latest.get(member.email.toLowerCase());
    const byUser = latest.get(member.id);
    const last = [byEmail, byUser].filter((a) => a !== undefined).sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0))[0];
    if (last?.outcome === "failed" && last.code && last.finishedAt) latestAttemptFailed.push({ ...view(member), code: last.code, failedAt: last.finishedAt });
  }
  return {
    usersWithoutSso: members.filter((m) => m.status === "active" && !m.hasSso).map(view),
    invitedNotAccepted: members.filter((m) => m.status === "invited").map(view),
    latestAttemptFailed,
  };
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
  const blockedReason = await blockedReasonFor(ctx);
  return { ...org, canEnforce: blockedReason === null, blockedReason, preflight: await preflightFor(ctx) };
}

export async function setEnforced({ ctx, input }: { ctx: AuthedContext; input: { enforced: boolean } }): Promise<EnforcementView> {
  const { deps } = ctx;
  const orgId = ctx.user.organizationId;
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    // Checked under the organisation row lock that disabling/deleting a connection also takes:
    // otherwise the last verified connection could go away between this check and the flip.
    await lockOrganization(tx, orgId);
    if (input.enforced) {
      // The thrown code is the blockedReason the page shows: they can never disagree.
      const blocked = await blockedReasonFor(ctx, tx);
      if (blocked !== null) throw new DomainError(blocked);
      await markVerifiedBySession(ctx, tx, now);
    }
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

/** The admin's own SSO session proved the connection: record it like a passing Test sign-in. */
async function markVerifiedBySession(ctx: AuthedContext, tx: Transaction, now: Date): Promise<void> {
  const { connectionId } = ctx.session;
  if (!connectionId) return;
  const marked = await connectionVerification(tx, { id: connectionId, organizationId: ctx.user.organizationId }, now);
  if (marked.length === 0) return;
  await recordAdminAction(tx, ctx, {
    action: "sso.connection_verified",
    target: { type: "sso_connection", id: connectionId },
    metadata: { via: "admin_sso_session" },
  });
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
