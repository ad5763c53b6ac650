import { and, eq } from "drizzle-orm";
import { ssoConnections } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import type { StoredCheck } from "./check-connection";

/** Explicit column list: the sealed secret is never selected for a response. */
export const connectionViewColumns = {
  id: ssoConnections.id,
  label: ssoConnections.label,
  issuer: ssoConnections.issuer,
  clientId: ssoConnections.clientId,
  clientSecretLast4: ssoConnections.clientSecretLast4,
  scopes: ssoConnections.scopes,
  emailClaim: ssoConnections.emailClaim,
  nameClaim: ssoConnections.nameClaim,
  tokenEndpointAuthMethod: ssoConnections.tokenEndpointAuthMethod,
  requireVerifiedEmail: ssoConnections.requireVerifiedEmail,
  enabled: ssoConnections.enabled,
  verifiedAt: ssoConnections.verifiedAt,
  lastTestedAt: ssoConnections.lastTestedAt,
  lastCheck: ssoConnections.lastCheck,
  createdAt: ssoConnections.createdAt,
  updatedAt: ssoConnections.updatedAt,
};

interface ConnectionRow {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecretLast4: string;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
  requireVerifiedEmail: boolean;
  enabled: boolean;
  verifiedAt: Date | null;
  lastTestedAt: Date | null;
  lastCheck: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ConnectionView = Omit<ConnectionRow, "lastCheck"> & { clientSecretSet: true; lastCheck: StoredCheck | null };

export function toConnectionView(row: ConnectionRow): ConnectionView {
  // Rebuilt field by field so nothing selected by mistake can ride along into a response.
  return {
    id: row.id,
    label: row.label,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecretSet: true,
    clientSecretLast4: row.clientSecretLast4,
    scopes: row.scopes,
    emailClaim: row.emailClaim,
    nameClaim: row.nameClaim,
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod,
    requireVerifiedEmail: row.requireVerifiedEmail,
    enabled: row.enabled,
    verifiedAt: row.verifiedAt,
    lastTestedAt: row.lastTestedAt,
    // Written only by checkConnection, from the relying party's ConnectionCheck (secret redacted).
    lastCheck: row.lastCheck as StoredCheck | null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Cross-organisation ids answer exactly like missing ones: `not_found`. */
export async function findOwnConnection(
  ctx: AuthedContext,
  connectionId: string,
  db: Database | Transaction = ctx.deps.db,
): Promise<ConnectionView> {
  const [row] = await db
    .select(connectionViewColumns)
    .from(ssoConnections)
    .where(and(eq(ssoConnections.id, connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
    .limit(1);
  if (!row) throw new DomainError("not_found");
  return toConnectionView(row);
}
