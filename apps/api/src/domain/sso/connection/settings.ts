import { eq } from "drizzle-orm";
import { SSO_CALLBACK_PATH } from "@jams/contract/routes";
import { ssoConnections } from "@jams/db/schema";
import { secretContext } from "@jams/db/secrets";
import type { ConnectionSettings } from "@jams/oidc/relying-party";
import type { AppDeps } from "../../deps";

/** Columns needed to talk to the IdP; the secret stays sealed until the moment it is used. */
export const connectionSettingsColumns = {
  id: ssoConnections.id,
  organizationId: ssoConnections.organizationId,
  label: ssoConnections.label,
  enabled: ssoConnections.enabled,
  issuer: ssoConnections.issuer,
  clientId: ssoConnections.clientId,
  clientSecretEncrypted: ssoConnections.clientSecretEncrypted,
  scopes: ssoConnections.scopes,
  emailClaim: ssoConnections.emailClaim,
  nameClaim: ssoConnections.nameClaim,
  tokenEndpointAuthMethod: ssoConnections.tokenEndpointAuthMethod,
  requireVerifiedEmail: ssoConnections.requireVerifiedEmail,
};

/** What toConnectionSettings needs: the schema's own column types, the secret still sealed. */
export type SealedConnectionRow = Pick<
  typeof ssoConnections.$inferSelect,
  "id" | "issuer" | "clientId" | "clientSecretEncrypted" | "scopes" | "emailClaim" | "nameClaim" | "tokenEndpointAuthMethod" | "requireVerifiedEmail"
>;

/** The same columns as a raw prepared statement returns them (snake_case, as the table names them). */
export interface SealedSettingsColumns {
  issuer: string;
  client_id: string;
  client_secret_encrypted: string;
  scopes: string;
  email_claim: string;
  name_claim: string;
  token_endpoint_auth_method: SealedConnectionRow["tokenEndpointAuthMethod"];
  require_verified_email: boolean;
}

/** Selects `SealedSettingsColumns` from the connection aliased `alias` in a hand-written statement. */
export function sealedSettingsSql(alias: string): string {
  return ["issuer", "client_id", "client_secret_encrypted", "scopes", "email_claim", "name_claim", "token_endpoint_auth_method", "require_verified_email"]
    .map((column) => `${alias}.${column}`)
    .join(", ");
}

export function sealedRowOf(id: string, row: SealedSettingsColumns): SealedConnectionRow {
  return {
    id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretEncrypted: row.client_secret_encrypted,
    scopes: row.scopes,
    emailClaim: row.email_claim,
    nameClaim: row.name_claim,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    requireVerifiedEmail: row.require_verified_email,
  };
}

export function toConnectionSettings(deps: AppDeps, row: SealedConnectionRow): ConnectionSettings {
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: deps.secrets.open(row.clientSecretEncrypted, secretContext.connectionClientSecret(row.id)),
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod,
    scopes: row.scopes,
    emailClaim: row.emailClaim,
    nameClaim: row.nameClaim,
    requireVerifiedEmail: row.requireVerifiedEmail,
  };
}

export async function loadConnectionSettings(
  deps: AppDeps,
  connectionId: string,
): Promise<{ organizationId: string; label: string; enabled: boolean; connection: ConnectionSettings } | null> {
  const [row] = await deps.db
    .select(connectionSettingsColumns)
    .from(ssoConnections)
    .where(eq(ssoConnections.id, connectionId))
    .limit(1);
  if (!row) return null;
  return {
    organizationId: row.organizationId,
    label: row.label,
    enabled: row.enabled,
    connection: toConnectionSettings(deps, row),
  };
}

export function redirectUriOf(deps: AppDeps): string {
  return `${deps.config.publicUrl}${SSO_CALLBACK_PATH}`;
}
