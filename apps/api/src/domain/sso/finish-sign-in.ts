import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { invitations, ssoIdentities, ssoSignInAttempts, users } from "@jams/db/schema";
import { auditEventInsert } from "../audit/record-audit-event";
import type { CookieJar, RequestMeta } from "../context";
import type { AppDeps } from "../deps";
import { DomainError } from "../errors";
import { signIn } from "../sessions/sign-in";
import { isUniqueViolation } from "../users/create-invitation";
import type { ConsumedTransaction } from "./consume-transaction";
import { connectionVerification } from "./enforcement";
import type { MatchedUser } from "./match-user";
import type { VerifiedIdentity } from "@jams/oidc/relying-party";

/**
 * Binds (connection, sub) on first use. Its own statement, first: the unique indexes decide a
 * race between two first sign-ins, and a lost race must stop before any session exists.
 */
async function bindIdentity(deps: AppDeps, connectionId: string, subject: string, user: MatchedUser, now: Date): Promise<void> {
  if (!user.needsBinding) {
    await deps.db
      .update(ssoIdentities)
      .set({ lastUsedAt: now })
      .where(and(eq(ssoIdentities.connectionId, connectionId), eq(ssoIdentities.subject, subject)));
    return;
  }
  const bound = await deps.db
    .insert(ssoIdentities)
    .values({ connectionId, subject, userId: user.id, createdAt: now, lastUsedAt: now })
    .onConflictDoNothing()
    .returning({ id: ssoIdentities.id });
  if (bound.length === 0) throw new DomainError("sso_identity_conflict");
}

/**
 * Activating an invitation can lose a race against another organisation's acceptance of the
 * same address (users_email_lower_unique): the whole statement rolls back, and the binding made
 * just before is removed again so nothing of the failed sign-in remains.
 */
async function activateOrFail<T>(
  deps: AppDeps,
  binding: { connectionId: string; subject: string; user: MatchedUser },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (binding.user.needsBinding) {
      await deps.db
        .delete(ssoIdentities)
        .where(and(eq(ssoIdentities.connectionId, binding.connectionId), eq(ssoIdentities.subject, binding.subject), eq(ssoIdentities.userId, binding.user.id)));
    }
    throw new DomainError("sso_email_claimed");
  }
}

/**
 * Everything else in the sign-in's ONE statement (sessions/sign-in.ts), with the SSO parts as
 * extra CTEs: accept any open invitation, close the attempt, and activate/update the user. Two
 * round trips in total.
 */
export async function finishSsoSignIn(
  deps: AppDeps,
  input: { flow: ConsumedTransaction; identity: VerifiedIdentity; user: MatchedUser; cookies: CookieJar; meta: RequestMeta },
): Promise<void> {
  const { flow, identity, user } = input;
  const { db } = deps;
  const connectionId = flow.connection.id;
  const now = deps.now();
  await bindIdentity(deps, connectionId, identity.subject, user, now);

  const before = [
    db.$with("accepted").as(
      db
        .update(invitations)
        .set({ acceptedAt: now })
        .where(and(eq(invitations.userId, user.id), isNull(invitations.acceptedAt)))
        .returning({ id: invitations.id }),
    ),
    db.$with("attempt").as(
      db
        .update(ssoSignInAttempts)
        .set({
          outcome: "succeeded",
          code: null,
          finishedAt: now,
          userId: user.id,
          subject: identity.subject,
          durationMs: Math.max(0, now.getTime() - flow.startedAt.getTime()),
        })
        .where(eq(ssoSignInAttempts.id, flow.attemptId))
        .returning({ id: ssoSignInAttempts.id }),
    ),
    // An admin's successful SSO sign-in proves the connection as much as a Test sign-in does
    // (guide Step 7): it then counts for Enforce SSO. Same statement, no extra round trip.
    ...(user.role === "admin"
      ? [
          db.$with("verified").as(connectionVerification(db, { id: connectionId, organizationId: flow.connection.organizationId }, now)),
        ]
      : []),
  ];
  const roleChange = groupRoleUpdate(flow.connection.organizationId, user);
  const row = await activateOrFail(deps, { connectionId, subject: identity.subject, user }, () =>
    signIn(
      deps,
      db,
      {
        user: { id: user.id, email: user.email, organizationId: flow.connection.organizationId },
        method: "sso",
        connectionId,
        idToken: identity.idToken,
        audit: {
          action: "auth.sign_in",
          metadata: { method: "sso", connectionId, connectionLabel: flow.connection.label, activated: user.status === "invited" },
        },
        cookies: input.cookies,
        ip: input.meta.ip,
        now,
      },
      {
        before,
        set: {
          ...(user.status === "invited" ? { status: "active" as const } : {}),
          ...(user.displayName === null && identity.name ? { displayName: identity.name } : {}),
          ...(roleChange ? { role: roleChange } : {}),
          updatedAt: now,
        },
        // matchUser's status is a moment old: an admin's disable in between must win, never be
        // undone by the activation above. The session row then exists but never resolves.
        where: ne(users.status, "disabled"),
      },
    ),
  );
  if (!row) throw new DomainError("user_disabled");
  // Only when the IdP's groups asked for a different role: an extra write on those rare sign-ins.
  if (user.groupRole !== null && user.groupRole !== user.role) await recordGroupRole(deps, flow, user, row.role, input.meta.ip);
}

/**
 * The groups claim's role, guarded in SQL: a demotion only happens while another active admin
 * remains, so the organisation never ends up without one.
 */
function groupRoleUpdate(organizationId: string, user: MatchedUser) {
  if (user.groupRole === null || user.groupRole === user.role) return null;
  if (user.groupRole === "admin") return sql`'admin'::user_role`;
  return sql`case when exists (
      select 1 from ${users} other where other.organization_id = ${organizationId} and other.role = 'admin'
        and other.status = 'active' and other.id <> ${user.id}) then 'member'::user_role else 'admin'::user_role end`;
}

async function recordGroupRole(deps: AppDeps, flow: ConsumedTransaction, user: MatchedUser, applied: string, ip: string) {
  const refused = applied !== user.groupRole;
  await auditEventInsert(deps.db, {
    organizationId: flow.connection.organizationId,
    actor: { id: user.id, email: user.email },
    action: refused ? "provisioning.role_change_refused" : "provisioning.role_changed",
    target: { type: "user", id: user.id },
    metadata: {
      source: "groups_claim",
      connectionLabel: flow.connection.label,
      email: user.email,
      from: user.role,
      to: user.groupRole,
      ...(refused ? { reason: "last_admin" } : {}),
    },
    ip,
  });
}
