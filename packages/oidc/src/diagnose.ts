/**
 * The admin's fix for a failure, chosen from what the IdP actually said (error, description,
 * HTTP status, which time claim and by how much, which claims arrived), not only from the code.
 * Without evidence there is no fix here: the caller falls back to the catalogue's adminHint
 * (@jams/contract), so that text has one home.
 */
import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import type { SsoEvidence } from "./errors";

export interface FailureFacts {
  code: string | null;
  idpError?: string | null | undefined;
  idpErrorDescription?: string | null | undefined;
  evidence?: SsoEvidence | null | undefined;
  /** The connection's claim mapping, to say which claim was expected. */
  emailClaim?: string | undefined;
}

export interface Explanation {
  /** One sentence: what the evidence proves. */
  cause: string | null;
  /** What to change, and where. */
  fix: string | null;
}

const EMAILISH = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Where Entra ID, ADFS and friends put the address when there is no `email` claim.
const EMAIL_CARRIERS = ["upn", "preferred_username", "unique_name", "mail", "email_address", "emails", "Email"];

function fromAuthorizationError(error: string, description: string): Explanation {
  const never = "The provider redirected back to JAMS IMES, so the Redirect URI and Client ID are registered correctly.";
  if (error === "access_denied" && /not assigned|assignment|not allowed to access|isn't assigned|is not permitted/i.test(description)) {
    return {
      cause: `The provider authenticated the user but refused them access to the JAMS IMES application (access_denied: "${description}"). ${never}`,
      fix: "Assign the user — or a group they belong to — to the JAMS IMES application at the provider (Okta: Applications → JAMS IMES → Assignments → Assign).",
    };
  }
  if (error === "access_denied") {
    return {
      cause: `The provider denied access (access_denied${description ? `: "${description}"` : ""}). ${never}`,
      fix: "Check the application's assignments and sign-on policy at the provider for this user; the user may also have cancelled.",
    };
  }
  if (["login_required", "interaction_required", "consent_required", "account_selection_required"].includes(error)) {
    return { cause: `The provider needs the user to interact (${error}). ${never}`, fix: "Sign in at the provider in the same browser, then start again." };
  }
  if (error === "invalid_scope") {
    return { cause: `The provider refused the requested scopes (${description || error}). ${never}`, fix: `Set Scopes to ${DEFAULT_SCOPES} (the default), or remove the scope the provider names.` };
  }
  if (error === "unauthorized_client" || error === "unsupported_response_type") {
    return { cause: `The application at the provider does not allow the authorization code flow (${error}). ${never}`, fix: "Enable the Authorization Code grant type for the application (Okta: General → Grant type)." };
  }
  return {
    cause: `The provider returned ${error}${description ? ` ("${description}")` : ""}. ${never}`,
    fix: "Read the provider's error above; a redirect back with an error is never a Redirect URI mismatch.",
  };
}

function fromTokenError(error: string | null | undefined, status: number | undefined): Explanation | null {
  const at = status ? ` (HTTP ${status})` : "";
  if (error === "invalid_client" || (status === 401 && !error)) {
    return {
      cause: `The token endpoint rejected the client credentials${at}: invalid_client.`,
      fix: "The Client Secret is wrong, or the client authentication method (client_secret_basic / client_secret_post) differs from the application's setting. Press Check connection: it tries both methods and names which one is wrong.",
    };
  }
  if (error === "invalid_grant") {
    return {
      cause: `The token endpoint refused the authorization code${at}: invalid_grant (expired, already used, or issued for another redirect_uri).`,
      fix: "Retry the sign-in; if it keeps failing, check that no proxy rewrites the Redirect URI and that the code is not exchanged twice.",
    };
  }
  if (error === "unauthorized_client") {
    return { cause: `The application may not use the authorization code grant${at}.`, fix: "Enable the Authorization Code grant type for the application at the provider." };
  }
  return null;
}

function fromClockSkew(skew: NonNullable<SsoEvidence["clockSkew"]>): Explanation {
  const seconds = Math.abs(skew.offsetSec);
  const when = skew.offsetSec > 0 ? `${seconds} s in the future` : `${seconds} s in the past`;
  const what =
    skew.claim === "exp"
      ? `The ID token had already expired when it arrived: "exp" was ${when}`
      : skew.claim === "nbf"
        ? `The ID token was not valid yet: "nbf" was ${when}`
        : `The ID token's "iat" (issued at) was ${when}`;
  const small = seconds <= 15 * 60;
  return {
    cause: `${what} (tolerance ${skew.toleranceSec} s).`,
    fix: small
      ? "A clock is off by minutes: check the time (NTP) of this server and of the identity provider (for self-hosted IdPs such as Keycloak or ADFS)."
      : "The offset is too large for clock drift: the token was probably replayed or minted by a misconfigured provider. Check the provider's token lifetime settings.",
  };
}

function fromMissingEmail(evidence: SsoEvidence | null | undefined, emailClaim: string): Explanation {
  const received = evidence?.received;
  const all = { ...(received?.userInfo ?? {}), ...(received?.idToken ?? {}) };
  const carrier = EMAIL_CARRIERS.find((name) => name !== emailClaim && typeof all[name] === "string" && EMAILISH.test(all[name]));
  const names = Object.keys(all).sort().join(", ");
  if (carrier) {
    return {
      cause: `The provider sent no "${emailClaim}" claim, but "${carrier}" holds an email address (${String(all[carrier])}).`,
      fix: `Set Email claim (Claim mappings) to ${carrier}, or add the email claim at the provider (Entra ID: Token configuration → Add optional claim → email).`,
    };
  }
  return {
    cause: `The provider sent no "${emailClaim}" claim${names ? `; it sent: ${names}` : ""}.`,
    fix: `Make sure Scopes includes email and that Email claim (Claim mappings) names the claim your provider uses.`,
  };
}

export function explainFailure(facts: FailureFacts): Explanation {
  const code = facts.code;
  const fallback: Explanation = { cause: null, fix: null };
  if (code === "sso_idp_rejected" && facts.idpError) return fromAuthorizationError(facts.idpError, facts.idpErrorDescription ?? "");
  if (code === "sso_token_exchange_failed") return fromTokenError(facts.idpError, facts.evidence?.httpStatus) ?? fallback;
  if (code === "sso_token_invalid" && facts.evidence?.clockSkew) return fromClockSkew(facts.evidence.clockSkew);
  if (code === "sso_token_invalid" && facts.evidence?.signingKeyNotPublished) {
    return {
      cause: "The ID token is signed with a key the provider's JWKS does not publish, even after JAMS IMES fetched the key set again.",
      fix: "The provider rotated its signing key without publishing it, or the token comes from a different authorization server than the Issuer URL (Okta: org server vs /oauth2/default). Check the Issuer URL; a normal key rotation needs no action.",
    };
  }
  if (code === "sso_email_missing") return fromMissingEmail(facts.evidence, facts.emailClaim ?? "email");
  if (code === "sso_idp_response_invalid" && facts.evidence?.endpoint === "userinfo" && facts.evidence.httpStatus) {
    return {
      cause: `The UserInfo endpoint answered HTTP ${facts.evidence.httpStatus}${facts.idpError ? ` ${facts.idpError}` : ""}.`,
      fix: "Check that the application may call UserInfo with the openid scope (Okta: the default authorization server's access policy must allow this client).",
    };
  }
  return fallback;
}
