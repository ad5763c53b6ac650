import { eq } from "drizzle-orm";
import { ssoConnections, ssoSignInAttempts } from "@jams/db/schema";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { AppDeps } from "../deps";
import type { ReceivedClaims } from "@jams/oidc/errors";
import type { AppErrorCode } from "../errors";
import type { ConsumedTransaction } from "./consume-transaction";

export interface AttemptDiagnostics {
  subject?: string | undefined;
  /** Only for test sign-ins: what the admin needs to debug a claim mapping, never tokens. */
  claims?: { email: unknown; name: unknown; sub: string; email_verified: unknown } | undefined;
  /** Every claim received (sanitised); kept only for test sign-ins. */
  received?: ReceivedClaims | undefined;
  /** The normalised email matched against the organisation's users. */
  emailCompared?: string | undefined;
}

const durationSince = (deps: AppDeps, flow: ConsumedTransaction) =>
  Math.max(0, deps.now().getTime() - flow.startedAt.getTime());

export async function recordFailedAttempt(
  deps: AppDeps,
  flow: ConsumedTransaction,
  failure: { code: AppErrorCode; idpError: string | null; idpErrorDescription: string | null },
  extra: AttemptDiagnostics & { ip: string; evidence: Record<string, unknown> | null },
): Promise<void> {
  await deps.db
    .update(ssoSignInAttempts)
    .set({
      outcome: "failed",
      finishedAt: deps.now(),
      code: failure.code,
      idpError: failure.idpError,
      idpErrorDescription: failure.idpErrorDescription,
      subject: extra.subject ?? null,
      claims: extra.claims ?? null,
      evidence: extra.evidence,
      durationMs: durationSince(deps, flow),
    })
    .where(eq(ssoSignInAttempts.id, flow.attemptId));
  if (flow.purpose !== "sign_in") return;
  await recordAuditEvent(deps.db, {
    organizationId: flow.connection.organizationId,
    actor: null,
    action: "auth.sign_in_failed",
    target: { type: "sso_connection", id: flow.connection.id },
    metadata: { method: "sso", code: failure.code, idpError: failure.idpError, attemptId: flow.attemptId },
    ip: extra.ip,
  });
}

/** A test that received claims AND mapped them to a user of the organisation verifies the connection. */
export async function recordSuccessfulTest(
  deps: AppDeps,
  flow: ConsumedTransaction,
  userId: string,
  diagnostics: AttemptDiagnostics,
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(ssoSignInAttempts)
      .set({
        outcome: "succeeded",
        code: null,
        finishedAt: now,
        userId,
        subject: diagnostics.subject ?? null,
        claims: diagnostics.claims ?? null,
        evidence: diagnostics.received ? { received: diagnostics.received, emailCompared: diagnostics.emailCompared } : null,
        durationMs: durationSince(deps, flow),
      })
      .where(eq(ssoSignInAttempts.id, flow.attemptId));
    await tx.update(ssoConnections).set({ verifiedAt: now }).where(eq(ssoConnections.id, flow.connection.id));
    await recordAuditEvent(tx, {
      organizationId: flow.connection.organizationId,
      actor: null,
      action: "sso.connection_verified",
      target: { type: "sso_connection", id: flow.connection.id },
      metadata: { attemptId: flow.attemptId, testedBy: flow.initiatedByUserId },
    });
  });
}
