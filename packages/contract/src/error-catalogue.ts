/**
 * Customer-facing text for every SSO error code. The web app renders /docs/sso-errors from this
 * table, so wording is written for IT administrators (cause / adminHint) and for the person
 * signing in (userMessage). The setup guides quote it: edit wording with care, never the codes.
 */
import type { SsoErrorCode } from "./error-codes";

export interface SsoErrorInfo {
  code: SsoErrorCode;
  /** Short heading, e.g. for the error page. */
  title: string;
  /** Shown to the person signing in. Never blames them for admin misconfiguration. */
  userMessage: string;
  /** Why this happens, for administrators reading the docs. */
  cause: string;
  /** What the administrator should check or change. */
  adminHint: string;
}

type Entry = Omit<SsoErrorInfo, "code">;

const ASK_ADMIN = "Please contact your company's IT administrator.";

const entries: Record<SsoErrorCode, Entry> = {
  sso_idp_rejected: {
    title: "Your identity provider refused the sign-in",
    userMessage: `Your company's identity provider did not let you through to JAMS IMES. ${ASK_ADMIN}`,
    cause:
      "The identity provider (e.g. Okta) returned an error instead of signing you in. The two most common causes: the Sign-in redirect URI configured at the provider does not match the JAMS IMES redirect URI exactly, or the user is not assigned to the JAMS IMES application at the provider.",
    adminHint:
      "Copy the Redirect URI from /integrations/sso and paste it into the provider's Sign-in redirect URIs so that it matches EXACTLY — same https scheme, host, path and trailing slash (or lack of one). Then check the application's Assignments tab: the user (or a group they belong to) must be assigned. The provider's error code is shown in the SSO connection's diagnostics.",
  },
  user_not_provisioned: {
    title: "No JAMS IMES account for this email",
    userMessage: `You signed in at your identity provider, but there is no JAMS IMES account for that email address in this organisation. ${ASK_ADMIN}`,
    cause:
      "The email address the identity provider sent does not match any user in this JAMS IMES organisation. Accounts are not created automatically on first sign-in (no just-in-time provisioning).",
    adminHint:
      "Invite the user into JAMS IMES first. Then compare the email in the identity provider with the one in JAMS IMES: differences in upper/lower case are fine, but a typo or an alias (e.g. j.doe@ vs jane.doe@) will not match.",
  },
  user_disabled: {
    title: "Account disabled",
    userMessage: `Your JAMS IMES account is disabled. ${ASK_ADMIN}`,
    cause: "The identity provider signed the user in, but their JAMS IMES account has been deactivated.",
    adminHint: "Re-activate the user in JAMS IMES under Users if they should have access.",
  },
  sso_state_invalid: {
    title: "Sign-in link expired or already used",
    userMessage: "This sign-in attempt has expired or was already completed. Please start signing in again.",
    cause:
      "The response from the identity provider did not belong to a pending sign-in: it was reused, arrived too late, or the state parameter was missing or altered.",
    adminHint:
      "Usually harmless (back button, double click, stale tab). If it happens for every attempt, make sure users start sign-in from the JAMS IMES login page rather than from a bookmark of the provider's page.",
  },
  sso_browser_mismatch: {
    title: "Sign-in started in a different browser",
    userMessage: "Please finish signing in in the same browser window where you started, then try again.",
    cause: "The sign-in was started in one browser (or private window) and finished in another, so it could not be verified.",
    adminHint: "No configuration change needed. Cookies for JAMS IMES must be allowed in the user's browser.",
  },
  sso_token_invalid: {
    title: "The identity provider's response could not be verified",
    userMessage: `We could not verify the response from your identity provider. ${ASK_ADMIN}`,
    cause:
      "The ID token failed validation: wrong issuer or audience, expired or not yet valid, issued too long ago, unexpected nonce, or an invalid or unsupported signature.",
    adminHint:
      "Check that the Issuer URL and Client ID in JAMS IMES match the provider application exactly and that the provider signs ID tokens with RS256 (or another asymmetric algorithm it advertises). Large clock differences can also cause this.",
  },
  sso_token_exchange_failed: {
    title: "Code exchange with the identity provider failed",
    userMessage: `Your identity provider refused to complete the sign-in. ${ASK_ADMIN}`,
    cause:
      "JAMS IMES could not exchange the authorization code for tokens. Typical reasons: wrong client secret, client authentication method not allowed for this application, or the code expired.",
    adminHint:
      "Re-copy the Client ID and Client Secret from the provider and save them again. Check that the client authentication method (client_secret_basic / client_secret_post) is allowed for the application and that 'Authorization Code' is enabled as a grant type.",
  },
  sso_idp_unreachable: {
    title: "Identity provider unreachable",
    userMessage: "Your identity provider did not respond. Please try again in a few minutes.",
    cause:
      "A request to the identity provider failed, timed out, or was blocked because the endpoint points to a private or otherwise disallowed network address.",
    adminHint:
      "Check the provider's status page. All provider endpoints must be public https URLs; JAMS IMES does not call private network addresses.",
  },
  sso_idp_response_invalid: {
    title: "Unexpected response from the identity provider",
    userMessage: `Your identity provider sent a response we could not understand. ${ASK_ADMIN}`,
    cause:
      "The provider returned something that is not a valid OpenID Connect response: an HTML page, a redirect, a response that is too large, a missing ID token, or a mismatched issuer in the callback.",
    adminHint:
      "Check the Issuer URL is the authorization server's issuer (e.g. https://<yourorg>.okta.com/oauth2/default) and not a login page or proxy URL.",
  },
  sso_email_missing: {
    title: "Identity provider did not send an email address",
    userMessage: `Your identity provider did not share your email address with JAMS IMES. ${ASK_ADMIN}`,
    cause: "Neither the ID token nor the UserInfo response contained the configured email claim.",
    adminHint:
      "Make sure the scopes include 'email' (default: openid profile email) and that the email claim mapping matches the claim name the provider uses (default 'email').",
  },
  sso_email_unverified: {
    title: "Email address not verified at the identity provider",
    userMessage: `Your email address is not marked as verified by your identity provider. ${ASK_ADMIN}`,
    cause:
      "This connection requires a verified email, and the provider did not send email_verified = true (a missing value or the text \"true\" is not accepted).",
    adminHint:
      "Verify the user's email at the provider, or turn off 'Require verified email' for this connection if your provider never sends email_verified.",
  },
  sso_email_invalid: {
    title: "Email address not accepted",
    userMessage: `The email address sent by your identity provider is not valid for JAMS IMES. ${ASK_ADMIN}`,
    cause:
      "The email claim is malformed: it has spaces, several or no @ signs, non-ASCII look-alike characters (such as a full-width ＠ or Cyrillic letters) or invisible characters.",
    adminHint: "Correct the user's primary email at the provider to a plain ASCII address, or check the email claim mapping.",
  },
  sso_identity_conflict: {
    title: "Account already linked to another identity",
    userMessage: `This JAMS IMES account is already linked to a different identity at your provider. ${ASK_ADMIN}`,
    cause: "The user's JAMS IMES account is linked to another subject (user ID) at this identity provider.",
    adminHint: "If the provider account was recreated, unlink the old SSO identity from the user in JAMS IMES, then sign in again.",
  },
  sso_connection_disabled: {
    title: "Single sign-on is turned off",
    userMessage: `Single sign-on is not currently enabled for your organisation. ${ASK_ADMIN}`,
    cause: "The organisation's SSO connection is disabled or incomplete.",
    adminHint: "Enable and save the SSO connection at /integrations/sso.",
  },
  sso_required: {
    title: "Sign in with single sign-on",
    userMessage: "Your organisation requires you to sign in with your company identity provider.",
    cause: "Enforce SSO is on, so password sign-in is not allowed for members of this organisation.",
    adminHint: "Expected while Enforce SSO is on. Turn it off at /integrations/sso if password sign-in should be allowed.",
  },
  enforce_requires_sso_session: {
    title: "Sign in with SSO before enforcing it",
    userMessage: "To turn on Enforce SSO you must be signed in through SSO yourself.",
    cause:
      "Safety check: enforcing SSO from a password session could lock every administrator out if the connection is broken.",
    adminHint: "Sign out, sign in again with 'Continue with SSO', and then turn on Enforce SSO.",
  },
  issuer_invalid: {
    title: "Issuer URL is not valid",
    userMessage: "The Issuer URL is not a valid absolute URL.",
    cause: "The value is empty, not an absolute URL, or contains parts an issuer cannot have (query string, fragment, credentials).",
    adminHint:
      "Copy the Issuer URI exactly from your provider, e.g. https://<yourorg>.okta.com/oauth2/default (Okta: Security → API → Authorization Servers).",
  },
  issuer_is_discovery_url: {
    title: "Issuer URL includes the discovery path",
    userMessage: "Remove /.well-known/openid-configuration from the end of the Issuer URL.",
    cause: "The pasted value is the provider's discovery document URL, not its issuer. JAMS IMES appends /.well-known/openid-configuration automatically.",
    adminHint: "Strip the /.well-known/openid-configuration suffix, e.g. use https://<yourorg>.okta.com/oauth2/default.",
  },
  issuer_mismatch: {
    title: "Issuer URL does not match the provider",
    userMessage: "The provider identifies itself with a different issuer than the one entered.",
    cause:
      "The provider's discovery document declares a different issuer value. OpenID Connect requires an exact match — a trailing slash or a different authorization server (Okta's org server vs /oauth2/default) counts as different.",
    adminHint: "Use the exact issuer value suggested next to the field (copy it, including or excluding the trailing slash as shown).",
  },
  issuer_unreachable: {
    title: "Could not load the provider's configuration",
    userMessage: "JAMS IMES could not fetch the provider's OpenID configuration from this Issuer URL.",
    cause:
      "Fetching <issuer>/.well-known/openid-configuration failed: network error, timeout, a non-200 status, a redirect, or a response that is not valid JSON.",
    adminHint: "Open <issuer>/.well-known/openid-configuration in a browser; it must return JSON. Check for typos in the org name or path.",
  },
  issuer_insecure: {
    title: "Issuer URL is not allowed",
    userMessage: "The Issuer URL must be a public https URL.",
    cause: "The issuer (or an endpoint it advertises) uses plain http or points to a private, loopback or cloud-metadata network address.",
    adminHint: "Use the https issuer URL of your provider's public endpoint.",
  },
  issuer_unsupported: {
    title: "Provider configuration not supported",
    userMessage: "The provider does not support what JAMS IMES needs for sign-in.",
    cause:
      "The provider must support the authorization code flow (response_type code), PKCE with S256, asymmetrically signed ID tokens and the selected client authentication method.",
    adminHint:
      "Use a Web Application (OIDC) integration with the Authorization Code grant, or switch the client authentication method to one the provider lists.",
  },
  sso_email_claimed: {
    title: "This email address belongs to another organisation",
    userMessage: `Your identity provider signed you in, but this email address already belongs to a JAMS IMES account in another organisation, or its domain is verified by another organisation. ${ASK_ADMIN}`,
    cause:
      "The invitation could not be activated: an address holds an account in one organisation only, and once an organisation verifies an email domain, only that organisation may add users on it.",
    adminHint:
      "Ask the person which organisation they already belong to. If the domain is verified by another organisation, its administrators see this address under Integrations → Domains and must resolve it; JAMS IMES never moves accounts between organisations by itself.",
  },
  sso_redirect_uri_not_registered: {
    title: "Redirect URI not registered at the identity provider",
    userMessage: `Your company's identity provider is not set up for JAMS IMES yet. ${ASK_ADMIN}`,
    cause:
      "Check connection sent an authorization request with the JAMS IMES Redirect URI and the identity provider refused it before redirecting back: the Redirect URI is not among the application's Sign-in redirect URIs.",
    adminHint:
      "Copy the Redirect URI from /integrations/sso and add it to the application's Sign-in redirect URIs at the provider EXACTLY (same https scheme, host, path, no trailing slash). Then press Check connection again.",
  },
  sso_client_unknown: {
    title: "Client ID not recognised by the identity provider",
    userMessage: `Your company's identity provider does not recognise the JAMS IMES application. ${ASK_ADMIN}`,
    cause: "The identity provider answered that the Client ID does not belong to any application at this issuer.",
    adminHint:
      "Copy the Client ID again from the application's General tab at the provider (not the app name, not the Okta org ID) and check that the Issuer URL belongs to the same provider tenant / authorization server.",
  },
  sso_client_secret_invalid: {
    title: "Client Secret rejected by the identity provider",
    userMessage: `Your company's identity provider refused the JAMS IMES credentials. ${ASK_ADMIN}`,
    cause:
      "The token endpoint rejected the client credentials (invalid_client) with both client authentication methods, while the Client ID is known: the Client Secret is wrong, expired or was rotated.",
    adminHint: "Copy the Client Secret again from the provider (Show / Copy under Client Secret, or create a new one), paste it into Client Secret and save.",
  },
  sso_client_auth_method_mismatch: {
    title: "Client Secret sent the way the provider does not accept",
    userMessage: `Your company's identity provider refused the JAMS IMES credentials. ${ASK_ADMIN}`,
    cause:
      "The token endpoint rejected the credentials sent the configured way (client_secret_basic or client_secret_post) but accepted the same Client ID and Secret sent the other way.",
    adminHint:
      "Switch to the method Check connection names (client_secret_basic ↔ client_secret_post, one click), or change the application at the provider to accept the configured method.",
  },
  sso_check_inconclusive: {
    title: "Part of the connection could not be verified before sign-in",
    userMessage: `The single sign-on connection could not be verified. ${ASK_ADMIN}`,
    cause:
      "The identity provider did not give an answer that proves or disproves the setting: it deferred the check to its sign-in page, answered with an unspecific error, or could not be reached.",
    adminHint: "Read the provider's answer shown next to the check, then run Test sign-in: it verifies what Check connection could not.",
  },
};

export const SSO_ERROR_CATALOGUE: Record<SsoErrorCode, SsoErrorInfo> = Object.fromEntries(
  Object.entries(entries).map(([code, info]) => [code, { code, ...info }]),
) as Record<SsoErrorCode, SsoErrorInfo>;
