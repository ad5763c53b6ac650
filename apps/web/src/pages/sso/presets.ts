import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import type { inferInput, trpc } from "../../lib/trpc";

export type TokenEndpointAuthMethod = ConnectionFormValues["tokenEndpointAuthMethod"];

export interface ProviderPreset {
  id: "okta" | "entra" | "google" | "auth0" | "onelogin" | "keycloak" | "generic";
  /** Shown in the provider picker and used as the default Configuration name. */
  name: string;
  /** The shape of the issuer, with <placeholders> for the parts that differ per customer. */
  issuerShape: string;
  /** Prefilled when the issuer is the same for every customer (Google). */
  fixedIssuer?: string;
  /** Where to find the issuer in the provider's console. */
  issuerHelp: string;
  /** Recognises an issuer that belongs to this provider (used to pick the preset when editing). */
  matches: RegExp;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  requireVerifiedEmail: boolean;
  /** Provider-specific advice shown under the picker. */
  note?: string;
  /** Step 1: where in the provider's console the Redirect URI goes. */
  redirectHint: string;
  /** Step 1: who may sign in (assignments), when the provider has such a setting. */
  accessHint?: string;
  /** The in-product setup guide at /docs/sso/<guide>, when there is one. */
  guide?: "okta" | "entra" | "google";
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: "okta",
    name: "Okta",
    issuerShape: "https://<yourorg>.okta.com/oauth2/default",
    issuerHelp: "Okta Admin Console → Security → API → Authorization Servers → copy the Issuer URI of “default” (or your custom server).",
    matches: /^https:\/\/[^/]+\.(okta|oktapreview|okta-emea)\.com(\/|$)/i,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_basic",
    requireVerifiedEmail: true,
    note: "Create an OIDC Web Application with the Authorization Code grant, and assign the users who should sign in.",
    redirectHint:
      "Okta Admin Console → Applications → Applications → Create App Integration → OIDC — OpenID Connect, Web Application. Grant type: Authorization Code only. Paste the Redirect URI into Sign-in redirect URIs.",
    accessHint: "Under Controlled access / Assignments, assign the people (or groups) who will sign in — unassigned users see “Access denied” at Okta.",
    guide: "okta",
  },
  {
    id: "entra",
    name: "Microsoft Entra ID",
    issuerShape: "https://login.microsoftonline.com/<tenant-id>/v2.0",
    issuerHelp:
      "Entra admin center → App registrations → your app → Overview → Directory (tenant) ID. Use the tenant ID, not “common” or “organizations”.",
    matches: /^https:\/\/login\.microsoftonline\.com\//i,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_post",
    requireVerifiedEmail: false,
    note: "Entra ID does not send email_verified, so “Require verified email” is off. Add the optional “email” claim to the ID token (Token configuration).",
    redirectHint:
      "Entra admin center → App registrations → New registration → Redirect URI: platform Web, paste the Redirect URI. Then Certificates & secrets → New client secret.",
    accessHint: "To limit who can sign in: Enterprise applications → your app → Properties → Assignment required = Yes, then Users and groups.",
    guide: "entra",
  },
  {
    id: "google",
    name: "Google Workspace",
    issuerShape: "https://accounts.google.com",
    fixedIssuer: "https://accounts.google.com",
    issuerHelp: "The issuer is the same for every Google Workspace customer. Create an OAuth client (Web application) in Google Cloud Console → APIs & Services → Credentials.",
    matches: /^https:\/\/accounts\.google\.com\/?$/i,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_post",
    requireVerifiedEmail: true,
    note: "Set the OAuth consent screen to Internal so only your Workspace users can sign in.",
    redirectHint:
      "Google Cloud Console → APIs & Services → Credentials → Create credentials → OAuth client ID → Web application. Paste the Redirect URI into Authorized redirect URIs.",
    accessHint: "OAuth consent screen → User type: Internal, so only people in your Workspace can sign in.",
    guide: "google",
  },
  {
    id: "auth0",
    name: "Auth0",
    issuerShape: "https://<tenant>.auth0.com/",
    issuerHelp: "Auth0 Dashboard → Applications → your app → Settings → Domain. The issuer is https://<domain>/ — note the trailing slash.",
    matches: /^https:\/\/[^/]+\.auth0\.com\/?$/i,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_post",
    requireVerifiedEmail: true,
    note: "Auth0 issuers end with a slash. Regional tenants look like https://<tenant>.eu.auth0.com/.",
    redirectHint: "Auth0 Dashboard → Applications → Create Application → Regular Web Application → Settings. Paste the Redirect URI into Allowed Callback URLs.",
  },
  {
    id: "onelogin",
    name: "OneLogin",
    issuerShape: "https://<subdomain>.onelogin.com/oidc/2",
    issuerHelp: "OneLogin → Applications → your OpenId Connect app → SSO tab → Issuer URL.",
    matches: /^https:\/\/[^/]+\.onelogin\.com\/oidc\/2\/?$/i,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_basic",
    requireVerifiedEmail: false,
    note: "OneLogin does not always send email_verified; turn “Require verified email” on only if yours does.",
    redirectHint: "OneLogin → Applications → Add App → OpenId Connect (OIDC) → Configuration. Paste the Redirect URI into Redirect URI's.",
  },
  {
    id: "keycloak",
    name: "Keycloak",
    issuerShape: "https://<host>/realms/<realm>",
    issuerHelp: "Keycloak → Realm settings → General → Endpoints → OpenID Endpoint Configuration; the issuer is that URL without /.well-known/openid-configuration.",
    matches: /^https:\/\/[^/]+(\/auth)?\/realms\/[^/]+\/?$/i,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_basic",
    requireVerifiedEmail: true,
    note: "Create a confidential OpenID Connect client with Standard flow enabled.",
    redirectHint: "Keycloak → your realm → Clients → Create client (OpenID Connect, Client authentication on, Standard flow). Paste the Redirect URI into Valid redirect URIs.",
  },
  {
    id: "generic",
    name: "Other OpenID Connect provider",
    issuerShape: "https://<your-identity-provider>",
    issuerHelp: "The provider's issuer identifier: the discovery URL without /.well-known/openid-configuration.",
    matches: /^$/,
    scopes: DEFAULT_SCOPES,
    emailClaim: "email",
    nameClaim: "name",
    tokenEndpointAuthMethod: "client_secret_basic",
    requireVerifiedEmail: true,
    redirectHint: "Create a confidential OpenID Connect client (Authorization Code flow) at your provider and register the Redirect URI as its redirect/callback URL.",
  },
];

export function presetById(id: string): ProviderPreset {
  return PROVIDER_PRESETS.find((preset) => preset.id === id) ?? genericPreset();
}

function genericPreset(): ProviderPreset {
  const preset = PROVIDER_PRESETS[PROVIDER_PRESETS.length - 1];
  if (!preset) throw new Error("provider presets are empty");
  return preset;
}

/** The preset an existing issuer most likely belongs to (generic when none matches). */
export function presetForIssuer(issuer: string): ProviderPreset {
  const trimmed = issuer.trim();
  return PROVIDER_PRESETS.find((preset) => preset.id !== "generic" && preset.matches.test(trimmed)) ?? genericPreset();
}

/** For an existing connection: by issuer, else by a Configuration name like "Okta". */
export function presetForConnection(issuer: string, label: string): ProviderPreset {
  const byIssuer = presetForIssuer(issuer);
  if (byIssuer.id !== "generic") return byIssuer;
  const name = label.trim().toLowerCase();
  return PROVIDER_PRESETS.find((preset) => preset.id !== "generic" && name.startsWith(preset.name.toLowerCase())) ?? byIssuer;
}

/** The API's create input with every default filled in: the form always sends all fields. */
export type ConnectionFormValues = Required<inferInput<typeof trpc.sso.create>>;

export function initialValuesFor(preset: ProviderPreset): ConnectionFormValues {
  return {
    label: preset.id === "generic" ? "" : preset.name,
    issuer: preset.fixedIssuer ?? "",
    clientId: "",
    clientSecret: "",
    scopes: preset.scopes,
    emailClaim: preset.emailClaim,
    nameClaim: preset.nameClaim,
    tokenEndpointAuthMethod: preset.tokenEndpointAuthMethod,
    requireVerifiedEmail: preset.requireVerifiedEmail,
  };
}

/**
 * Switching provider: take the new provider's defaults, but keep what the admin typed — the
 * Configuration name only changes while it still is the previous provider's default name, and
 * the issuer only while it is empty or the previous provider's fixed issuer.
 */
export function applyPreset(values: ConnectionFormValues, from: ProviderPreset, to: ProviderPreset): ConnectionFormValues {
  const labelIsDefault = values.label.trim() === "" || values.label === from.name;
  const issuerIsDefault = values.issuer.trim() === "" || (from.fixedIssuer !== undefined && values.issuer === from.fixedIssuer);
  return {
    ...values,
    label: labelIsDefault ? (to.id === "generic" ? "" : to.name) : values.label,
    issuer: issuerIsDefault ? (to.fixedIssuer ?? "") : values.issuer,
    scopes: to.scopes,
    emailClaim: to.emailClaim,
    nameClaim: to.nameClaim,
    tokenEndpointAuthMethod: to.tokenEndpointAuthMethod,
    requireVerifiedEmail: to.requireVerifiedEmail,
  };
}
