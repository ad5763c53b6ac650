import { auditEvents } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import type { AuthedContext } from "../context";

/**
 * Every action the audit log records. The log's filters and the SPA's names key on these
 * strings, so a new event is added here first and a typo does not compile.
 */
export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "organization.created"
  | "domain.added"
  | "domain.verified"
  | "domain.verification_failed"
  | "domain.removed"
  | "sso.connection_created"
  | "sso.connection_updated"
  | "sso.connection_deleted"
  | "sso.connection_enabled"
  | "sso.connection_disabled"
  | "sso.connection_checked"
  | "sso.connection_verified"
  | "sso.enforcement_enabled"
  | "sso.enforcement_disabled"
  | "user.invited"
  | "user.invitation_resent"
  | "user.invitation_accepted"
  | "user.role_changed"
  | "user.disabled"
  | "user.removed"
  | "user.sso_unlinked"
  | "provisioning.token_generated"
  | "provisioning.token_rotated"
  | "provisioning.token_revoked"
  | "provisioning.role_mappings_changed"
  | "provisioning.user_created"
  | "provisioning.user_updated"
  | "provisioning.user_deactivated"
  | "provisioning.user_reactivated"
  | "provisioning.user_deleted"
  | "provisioning.change_refused"
  | "provisioning.group_created"
  | "provisioning.group_updated"
  | "provisioning.group_deleted"
  | "provisioning.role_changed"
  | "provisioning.role_change_refused";

export interface AuditEventInput {
  organizationId: string;
  actor: { id: string; email: string } | null;
  action: AuditAction;
  target?: { type: string; id: string };
  /** Never secrets: callers pass masked values (e.g. clientSecretLast4). */
  metadata?: Record<string, unknown>;
  ip?: string | null;
}

/** The insert, unexecuted: hot paths fold it into a larger statement as a CTE. */
export function auditEventInsert(db: Database | Transaction, event: AuditEventInput) {
  return db.insert(auditEvents).values({
    organizationId: event.organizationId,
    actorUserId: event.actor?.id ?? null,
    actorEmail: event.actor?.email ?? null,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    metadata: event.metadata ?? {},
    ip: event.ip ?? null,
  });
}

export async function recordAuditEvent(db: Database | Transaction, event: AuditEventInput): Promise<void> {
  await auditEventInsert(db, event);
}

/** An admin's own action: organisation, actor and address come from the request. */
export async function recordAdminAction(
  db: Database | Transaction,
  ctx: AuthedContext,
  event: Omit<AuditEventInput, "organizationId" | "actor" | "ip">,
): Promise<void> {
  await recordAuditEvent(db, { ...event, organizationId: ctx.user.organizationId, actor: ctx.user, ip: ctx.meta.ip });
}
