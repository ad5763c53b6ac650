import { and, eq } from "drizzle-orm";
import { ssoConnections } from "@jams/db/schema";
import { recordAdminAction } from "../audit/record-audit-event";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import { connectionSettingsColumns, redirectUriOf, toConnectionSettings } from "./connection/settings";
import type { ConnectionCheck } from "@jams/oidc/relying-party";

export interface StoredCheck extends ConnectionCheck {
  checkedAt: string;
}

/**
 * Check connection: the authorize and token probes, with no user involved. The result (the IdP's
 * answers, secret redacted) is kept on the connection for the form and written to the audit log.
 * Runs outside any transaction: it waits on the IdP.
 */
export async function checkConnection({ ctx, input }: { ctx: AuthedContext; input: { connectionId: string } }): Promise<StoredCheck> {
  const { deps } = ctx;
  const [row] = await deps.db
    .select(connectionSettingsColumns)
    .from(ssoConnections)
    .where(and(eq(ssoConnections.id, input.connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
    .limit(1);
  if (!row) throw new DomainError("not_found");
  const result = await deps.rp.checkConnection({ connection: toConnectionSettings(deps, row), redirectUri: redirectUriOf(deps) });
  const now = deps.now();
  const stored: StoredCheck = { ...result, checkedAt: now.toISOString() };
  await deps.db.transaction(async (tx) => {
    await tx
      .update(ssoConnections)
      .set({ lastCheck: stored as unknown as Record<string, unknown>, lastCheckedAt: now })
      .where(eq(ssoConnections.id, row.id));
    await recordAdminAction(tx, ctx, {
      action: "sso.connection_checked",
      target: { type: "sso_connection", id: row.id },
      metadata: {
        status: result.status,
        redirectUri: result.redirectUri,
        clientId: result.clientId,
        clientSecret: result.clientSecret,
        authMethod: result.authMethod,
        findings: result.findings.map((f) => ({ code: f.code, field: f.field })),
        answers: result.answers,
      },
    });
  });
  return stored;
}

/** Save runs the check too; a failing IdP never fails the save itself. */
export async function checkAfterSave(ctx: AuthedContext, connectionId: string): Promise<StoredCheck | null> {
  try {
    return await checkConnection({ ctx, input: { connectionId } });
  } catch (error) {
    ctx.deps.logger.warn({ err: error, connectionId }, "check connection after save failed");
    return null;
  }
}
