import { auditEvents } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";

export interface AuditEventInput {
  organizationId: string;
  actor: { id: string; email: string } | null;
  action: string;
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
