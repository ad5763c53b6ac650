import type { AuditAction } from "@jams/api/router";

/**
 * Human names for audit actions and their details; unknown ones fall back to readable text.
 * Keyed by the API's action union, so a renamed or misspelt action does not compile.
 */
export const AUDIT_ACTIONS: Partial<Record<AuditAction, string>> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "organization.created": "Organisation created",
  "sso.connection_created": "SSO connection created",
  "sso.connection_updated": "SSO connection changed",
  "sso.connection_deleted": "SSO connection deleted",
  "sso.connection_enabled": "SSO connection enabled",
  "sso.connection_disabled": "SSO connection disabled",
  "sso.connection_verified": "Test sign-in passed",
  "sso.enforcement_enabled": "Enforce SSO turned on",
  "sso.enforcement_disabled": "Enforce SSO turned off",
  "user.invited": "User invited",
  "user.invitation_resent": "Invitation resent",
  "user.invitation_accepted": "Invitation accepted",
  "user.role_changed": "Role changed",
  "user.disabled": "User disabled",
  "user.removed": "User removed",
  "user.sso_unlinked": "SSO identity unlinked",
};

export const AUDIT_ACTION_GROUPS: { value: string; label: string }[] = [
  { value: "auth.", label: "All sign-ins" },
  { value: "sso.", label: "All SSO settings" },
  { value: "user.", label: "All user changes" },
];

function humanise(text: string): string {
  const words = text.replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ACTION_NAMES: Partial<Record<string, string>> = AUDIT_ACTIONS;

export function actionName(action: string): string {
  return ACTION_NAMES[action] ?? humanise(action);
}

const DETAIL_LABELS: Record<string, string> = {
  email: "Email",
  adminEmail: "Admin email",
  role: "Role",
  method: "Method",
  code: "Error code",
  idpError: "Provider's error",
  attemptId: "Attempt",
  testedBy: "Tested by",
  connectionId: "Connection",
  connectionLabel: "Connection",
  connectionIds: "Connections",
  label: "Configuration name",
  issuer: "Issuer URL",
  name: "Name",
  slug: "Slug",
  activated: "First sign-in",
  via: "Via",
  clientId: "Client ID",
  clientSecret: "Client Secret",
  scopes: "Scopes",
  emailClaim: "Email claim",
  nameClaim: "Name claim",
  tokenEndpointAuthMethod: "Client authentication",
  requireVerifiedEmail: "Require verified email",
  from: "From",
  to: "To",
};

const VALUE_WORDS: Record<string, string> = { sso: "SSO", password: "Password", cli: "operator CLI", admin: "Administrator", member: "Member" };

export interface Detail {
  label: string;
  value: string;
  /** Show as code (error codes, URLs). */
  code?: boolean;
}

/** Labelled values for an event's metadata, with ids replaced by names the API resolved. */
export function auditDetails(metadata: Record<string, unknown>, names: Record<string, string>): Detail[] {
  const details: Detail[] = [];
  // connectionLabel already names connectionId.
  const skip = new Set(typeof metadata.connectionLabel === "string" ? ["connectionId"] : []);
  for (const [key, raw] of Object.entries(metadata)) {
    if (skip.has(key) || raw === null || raw === undefined || raw === "") continue;
    const label = DETAIL_LABELS[key] ?? humanise(key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase());
    const values = Array.isArray(raw) ? raw : [raw];
    const shown = values.map((value) => {
      if (typeof value === "boolean") return value ? "yes" : "no";
      if (typeof value !== "string") return JSON.stringify(value);
      if (names[value]) return names[value];
      if (key === "attemptId") return value.slice(0, 8);
      if (/^[0-9a-f-]{36}$/i.test(value)) return "(deleted)";
      return VALUE_WORDS[value] ?? value;
    });
    details.push({ label, value: shown.join(", "), code: key === "code" || key === "idpError" || key === "issuer" });
  }
  return details;
}
