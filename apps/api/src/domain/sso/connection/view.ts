import { ssoConnections } from "@jams/db/schema";
import type { StoredCheck } from "../check-connection";

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

/** A connection as selected for a response: the schema's own column types, never re-declared. */
type ConnectionRow = Pick<typeof ssoConnections.$inferSelect, keyof typeof connectionViewColumns>;

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
