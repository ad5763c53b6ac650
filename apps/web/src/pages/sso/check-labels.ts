import type { Connection } from "./types";

export type ConnectionCheckResult = NonNullable<Connection["lastCheck"]>;
export type CheckFindingView = ConnectionCheckResult["findings"][number];
export type CheckFieldName = NonNullable<CheckFindingView["field"]>;

/** The form's own labels (the setup guide's words), so a finding names the field to fix. */
export const FIELD_LABELS: Record<CheckFieldName, string> = {
  redirectUri: "Redirect URI",
  clientId: "Client ID",
  clientSecret: "Client Secret",
  tokenEndpointAuthMethod: "Client authentication method",
};

export const VERDICT_TEXT: Record<string, string> = {
  verified: "Verified",
  unknown: "Not verified yet",
  not_registered: "Not registered at the provider",
  unknown_client: "Not recognised by the provider",
  invalid: "Rejected by the provider",
  mismatch: "Wrong method",
};
