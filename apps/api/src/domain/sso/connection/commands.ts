import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { ssoConnections, ssoIdentities } from "@jams/db/schema";
import { secretContext } from "@jams/db/secrets";
import { recordAdminAction } from "../../audit/record-audit-event";
import type { AuthedContext } from "../../context";
import { DomainError } from "../../errors";
import { checkAfterSave } from "../check-connection";
import { requireValidIssuer } from "../check-issuer";
import { assertEnforcementKeepsAConnection } from "../enforcement";
import type { ConnectionChanges, ConnectionFields } from "./inputs";
import { findOwnConnection } from "./queries";
import { connectionViewColumns, toConnectionView, type ConnectionView } from "./view";

// The last 4 characters help an admin recognise which secret is stored, but of a short secret
// they are a large part (or all) of it: then nothing is shown.
const MIN_LENGTH_TO_SHOW_LAST4 = 16;
const last4 = (secret: string) => (secret.length >= MIN_LENGTH_TO_SHOW_LAST4 ? secret.slice(-4) : "");

/** What the audit trail may keep about a configuration: everything but the secret itself. */
function auditableFields(fields: Partial<ConnectionFields>): Record<string, unknown> {
  const { clientSecret, ...rest } = fields;
  return clientSecret ? { ...rest, clientSecret: `••••${last4(clientSecret)}` } : rest;
}

export async function createConnection({ ctx, input }: { ctx: AuthedContext; input: ConnectionFields }): Promise<ConnectionView> {
  const { clientSecret, ...fields } = input;
  const issuer = await requireValidIssuer(ctx, input.issuer, input.tokenEndpointAuthMethod);
  // The id is chosen before the insert because the sealed secret is bound to it.
  const id = randomUUID();
  await ctx.deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ssoConnections)
      .values({
        ...fields,
        id,
        issuer,
        organizationId: ctx.user.organizationId,
        clientSecretEncrypted: ctx.deps.secrets.seal(clientSecret, secretContext.connectionClientSecret(id)),
        clientSecretLast4: last4(clientSecret),
      })
      .returning({ id: ssoConnections.id });
    if (!row) throw new Error("connection insert returned nothing");
    await recordAdminAction(tx, ctx, {
      action: "sso.connection_created",
      target: { type: "sso_connection", id },
      metadata: auditableFields({ ...input, issuer }),
    });
  });
  // Check connection on Save: the four connection mistakes surface before anyone signs in.
  await checkAfterSave(ctx, id);
  return findOwnConnection(ctx, id);
}

export async function updateConnection({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: ConnectionChanges;
}): Promise<ConnectionView> {
  const { connectionId, clientSecret, ...changes } = input;
  const current = await findOwnConnection(ctx, connectionId);
  const authMethod = changes.tokenEndpointAuthMethod ?? current.tokenEndpointAuthMethod;
  const endpointChanged = changes.issuer !== undefined || changes.tokenEndpointAuthMethod !== undefined;
  const issuer = endpointChanged ? await requireValidIssuer(ctx, changes.issuer ?? current.issuer, authMethod) : current.issuer;
  // A blank secret means "keep the stored one": the form never receives it to send it back.
  const newSecret = clientSecret && clientSecret.trim() !== "" ? clientSecret : null;
  // Pointing the connection somewhere else invalidates the earlier test sign-in.
  const identityChanged = issuer !== current.issuer || (changes.clientId !== undefined && changes.clientId !== current.clientId);

  await ctx.deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(ssoConnections)
      .set({
        ...changes,
        issuer,
        ...(newSecret
          ? {
              clientSecretEncrypted: ctx.deps.secrets.seal(newSecret, secretContext.connectionClientSecret(connectionId)),
              clientSecretLast4: last4(newSecret),
            }
          : {}),
        ...(identityChanged ? { verifiedAt: null } : {}),
        updatedAt: ctx.deps.now(),
      })
      .where(and(eq(ssoConnections.id, connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
      .returning({ id: ssoConnections.id });
    if (!row) throw new DomainError("not_found");
    // Re-pointing the last verified connection unverifies it: the same lockout as deleting it.
    if (identityChanged) await assertEnforcementKeepsAConnection(tx, ctx.user.organizationId);
    // A `sub` only means something at the issuer that minted it: after a move to another tenant
    // the old bindings would turn every user's first sign-in into sso_identity_conflict.
    const issuerChanged = issuer !== current.issuer;
    const resetIdentities = issuerChanged
      ? (await tx.delete(ssoIdentities).where(eq(ssoIdentities.connectionId, connectionId)).returning({ id: ssoIdentities.id })).length
      : 0;
    await recordAdminAction(tx, ctx, {
      action: "sso.connection_updated",
      target: { type: "sso_connection", id: connectionId },
      metadata: {
        ...auditableFields({ ...changes, ...(endpointChanged ? { issuer } : {}), ...(newSecret ? { clientSecret: newSecret } : {}) }),
        ...(issuerChanged ? { identitiesReset: resetIdentities } : {}),
      },
    });
  });
  // What the probes prove depends on issuer, Client ID, secret and method only.
  if (endpointChanged || newSecret !== null || changes.clientId !== undefined) await checkAfterSave(ctx, connectionId);
  return findOwnConnection(ctx, connectionId);
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
    await recordAdminAction(tx, ctx, {
      action: "sso.connection_deleted",
      target: { type: "sso_connection", id: row.id },
      metadata: { label: row.label, issuer: row.issuer },
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
    await recordAdminAction(tx, ctx, {
      action: input.enabled ? "sso.connection_enabled" : "sso.connection_disabled",
      target: { type: "sso_connection", id: row.id },
      metadata: { label: row.label },
    });
    return toConnectionView(row);
  });
}
