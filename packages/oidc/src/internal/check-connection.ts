/**
 * Check connection: proves Redirect URI, Client ID, Client Secret and client authentication
 * method with no user involved, through the SSRF-safe transport, never following a redirect.
 *  - authorize probe: prompt=none authorization request. Redirected back to our Redirect URI (with
 *    any error or a code) = Client ID exists and Redirect URI registered. An error page names
 *    which one is wrong, or not (then the token probe disambiguates).
 *  - token probe: a dummy code. invalid_grant = credentials accepted; invalid_client = not, then
 *    the other method once: invalid_grant then = wrong method, else wrong secret (or Client ID).
 * Whatever the IdP says is kept (sanitised, secret redacted) so the admin can read it.
 */
import { randomBytes } from "node:crypto";
import * as oauth from "oauth4webapi";
import { sanitizeDiagnostic } from "../errors";
import type { ConnectionCheck, CheckFinding, ProbeAnswer, TokenEndpointAuthMethod, ConnectionSettings } from "../types";
import type { ProviderMetadata } from "./discovery";
import { classifyErrorPage, type PageVerdict } from "./error-page";
import type { OutboundFetch } from "./outbound";

const OTHER_METHOD: Record<TokenEndpointAuthMethod, TokenEndpointAuthMethod> = {
  client_secret_basic: "client_secret_post",
  client_secret_post: "client_secret_basic",
};

const random = () => randomBytes(32).toString("base64url");

/** Removes the secret (and a code, should an IdP ever mint one) from anything we keep. */
function redact(text: string | undefined, secret: string): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = secret.length >= 4 ? text.split(secret).join("••••") : text;
  return sanitizeDiagnostic(cleaned);
}

function textOf(body: string, contentType: string): string {
  if (!/html/i.test(contentType)) return body;
  return body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function jsonError(body: string): { error?: string; error_description?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") {
      const { error, error_description } = parsed as Record<string, unknown>;
      return { ...(typeof error === "string" ? { error } : {}), ...(typeof error_description === "string" ? { error_description } : {}) };
    }
  } catch {
    // not JSON
  }
  return {};
}

type AuthorizeOutcome = "redirected_back" | PageVerdict | "login_page" | "unreachable";

interface AuthorizeResult {
  outcome: AuthorizeOutcome;
  answer: ProbeAnswer;
}

function sameEndpoint(location: URL, redirectUri: string): boolean {
  const ours = new URL(redirectUri);
  return location.origin === ours.origin && location.pathname === ours.pathname;
}

async function authorizeProbe(outbound: OutboundFetch, meta: ProviderMetadata, connection: ConnectionSettings, redirectUri: string): Promise<AuthorizeResult> {
  const url = new URL(String(meta.as.authorization_endpoint));
  const state = random();
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", connection.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("scope", "openid");
  url.searchParams.set("state", state);
  url.searchParams.set("prompt", "none");
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()));
  url.searchParams.set("code_challenge_method", "S256");
  const request = `GET ${url.origin}${url.pathname}?response_type=code&client_id=${connection.clientId}&redirect_uri=${redirectUri}&scope=openid&prompt=none&state=…&code_challenge=…`;
  let response: Response;
  try {
    response = await outbound(url.href, { method: "GET", headers: { accept: "text/html,application/json" }, returnRedirects: true });
  } catch (err) {
    return { outcome: "unreachable", answer: { endpoint: "authorize", request, httpStatus: null, summary: `No answer: ${err instanceof Error ? err.message : "network error"}` } };
  }
  const status = response.status;
  const location = response.headers.get("location");
  if (status >= 300 && status < 400 && location) {
    await response.body?.cancel();
    const target = new URL(location, url);
    const params = target.searchParams;
    if (sameEndpoint(target, redirectUri)) {
      const error = params.get("error") ?? undefined;
      const shownLocation = `${target.origin}${target.pathname}?${[...params.keys()].filter((k) => k !== "code" && k !== "state").map((k) => `${k}=${params.get(k) ?? ""}`).join("&")}`;
      return {
        outcome: "redirected_back",
        answer: {
          endpoint: "authorize",
          request,
          httpStatus: status,
          location: redact(shownLocation, connection.clientSecret),
          ...(error ? { error: redact(error, connection.clientSecret) } : {}),
          ...(params.get("error_description") ? { errorDescription: redact(params.get("error_description") ?? "", connection.clientSecret) } : {}),
          summary: error ? `Redirected back to the Redirect URI with error=${error}.` : "Redirected back to the Redirect URI.",
        },
      };
    }
    // Sent to its own sign-in page: this IdP checks the request only after the user signs in.
    return {
      outcome: "login_page",
      answer: { endpoint: "authorize", request, httpStatus: status, location: redact(`${target.origin}${target.pathname}`, connection.clientSecret), summary: "Redirected to the provider's own sign-in page instead of answering." },
    };
  }
  const body = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  const fromJson = /json/i.test(contentType) ? jsonError(body) : {};
  const text = textOf(body, contentType);
  const verdict = classifyErrorPage({ error: fromJson.error, description: fromJson.error_description, text });
  const answer: ProbeAnswer = {
    endpoint: "authorize",
    request,
    httpStatus: status,
    ...(fromJson.error ? { error: redact(fromJson.error, connection.clientSecret) } : {}),
    ...(fromJson.error_description ? { errorDescription: redact(fromJson.error_description, connection.clientSecret) } : {}),
    body: redact(text.slice(0, 400), connection.clientSecret),
    summary: `Answered HTTP ${status} with its own page instead of redirecting back.`,
  };
  // A 200 page that names no error is most likely a sign-in form.
  return { outcome: status === 200 && verdict === "generic_error" ? "login_page" : verdict, answer };
}

type TokenOutcome = "accepted" | "invalid_client" | "other" | "unreachable";

async function tokenProbe(
  outbound: OutboundFetch,
  meta: ProviderMetadata,
  connection: ConnectionSettings,
  redirectUri: string,
  method: TokenEndpointAuthMethod,
): Promise<{ outcome: TokenOutcome; answer: ProbeAnswer; error?: string }> {
  const endpoint = String(meta.as.token_endpoint);
  const body = new URLSearchParams({ grant_type: "authorization_code", code: `jams-check-${random()}`, redirect_uri: redirectUri, code_verifier: random() });
  const headers = new Headers({ accept: "application/json", "content-type": "application/x-www-form-urlencoded;charset=UTF-8" });
  const client: oauth.Client = { client_id: connection.clientId };
  // oauth4webapi's own client authentication: the exact encoding sign-in uses (RFC 6749 §2.3.1).
  const auth = method === "client_secret_post" ? oauth.ClientSecretPost(connection.clientSecret) : oauth.ClientSecretBasic(connection.clientSecret);
  await auth(meta.as, client, body, headers);
  const request = `POST ${endpoint} grant_type=authorization_code, a dummy code, redirect_uri=${redirectUri}, authenticated with ${method}`;
  let response: Response;
  try {
    response = await outbound(endpoint, { method: "POST", headers: Object.fromEntries(headers), body });
  } catch (err) {
    return { outcome: "unreachable", answer: { endpoint: "token", request, httpStatus: null, authMethod: method, summary: `No answer: ${err instanceof Error ? err.message : "network error"}` } };
  }
  const text = await response.text();
  let { error, error_description } = jsonError(text);
  if (!error) {
    // A 401 may carry the error only in its WWW-Authenticate challenge.
    const challenge = response.headers.get("www-authenticate") ?? "";
    error = /error="?([\w.-]+)"?/.exec(challenge)?.[1];
    error_description = /error_description="([^"]*)"/.exec(challenge)?.[1];
  }
  const answer: ProbeAnswer = {
    endpoint: "token",
    request,
    httpStatus: response.status,
    authMethod: method,
    ...(error ? { error: redact(error, connection.clientSecret) } : {}),
    ...(error_description ? { errorDescription: redact(error_description, connection.clientSecret) } : {}),
    ...(error ? {} : { body: redact(text.slice(0, 400), connection.clientSecret) }),
    summary: error ? `Answered HTTP ${response.status} ${error}.` : `Answered HTTP ${response.status} without an OAuth error.`,
  };
  const outcome: TokenOutcome = error === "invalid_grant" ? "accepted" : error === "invalid_client" || (response.status === 401 && !error) ? "invalid_client" : "other";
  return { outcome, answer, ...(error ? { error } : {}) };
}

const finding = (f: CheckFinding): CheckFinding => f;

export async function checkConnection(
  outbound: OutboundFetch,
  meta: ProviderMetadata,
  connection: ConnectionSettings,
  redirectUri: string,
): Promise<ConnectionCheck> {
  const [authorize, firstToken] = await Promise.all([
    authorizeProbe(outbound, meta, connection, redirectUri),
    tokenProbe(outbound, meta, connection, redirectUri, connection.tokenEndpointAuthMethod),
  ]);
  const answers: ProbeAnswer[] = [authorize.answer, firstToken.answer];
  const other = OTHER_METHOD[connection.tokenEndpointAuthMethod];
  let token: "accepted" | "method_mismatch" | "rejected" | "other" | "unreachable" =
    firstToken.outcome === "accepted" ? "accepted" : firstToken.outcome === "unreachable" ? "unreachable" : firstToken.outcome === "other" ? "other" : "rejected";
  if (firstToken.outcome === "invalid_client") {
    const retry = await tokenProbe(outbound, meta, connection, redirectUri, other);
    answers.push(retry.answer);
    if (retry.outcome === "accepted") token = "method_mismatch";
  }

  const result: ConnectionCheck = {
    status: "ok",
    redirectUri: "unknown",
    clientId: "unknown",
    clientSecret: "unknown",
    authMethod: "unknown",
    findings: [],
    answers,
  };
  const add = (f: CheckFinding) => result.findings.push(finding(f));
  // The token endpoint accepting the credentials (either way) proves the Client ID exists.
  const tokenProvesClient = token === "accepted" || token === "method_mismatch";
  if (tokenProvesClient) {
    result.clientId = "verified";
    result.clientSecret = "verified";
    result.authMethod = token === "accepted" ? "verified" : "mismatch";
  }

  switch (authorize.outcome) {
    case "redirected_back":
      result.redirectUri = "verified";
      result.clientId = "verified";
      break;
    case "redirect_uri":
      result.redirectUri = "not_registered";
      // Only a known client has registered redirect URIs to compare against.
      result.clientId = "verified";
      break;
    case "client":
      result.clientId = "unknown_client";
      break;
    case "generic_error":
      // One message for both mistakes: the token endpoint tells them apart.
      if (tokenProvesClient) result.redirectUri = "not_registered";
      else if (token === "rejected") result.clientId = "unknown_client";
      break;
    default:
      break;
  }

  if (result.redirectUri === "not_registered") {
    add({
      code: "sso_redirect_uri_not_registered",
      field: "redirectUri",
      fix: `Add ${redirectUri} to the application's Sign-in redirect URIs at the provider, exactly as shown (same scheme, host and path, no trailing slash).`,
      ...(authorize.outcome === "generic_error" ? { inferred: "The provider's error page does not say which setting is wrong; the token endpoint accepted the Client ID, so the Redirect URI is the one it refused." } : {}),
    });
  }
  if (result.clientId === "unknown_client") {
    add({
      code: "sso_client_unknown",
      field: "clientId",
      fix: "Copy the Client ID again from the application's General tab at the provider, and check the Issuer URL points at the same tenant / authorization server.",
      ...(authorize.outcome === "generic_error"
        ? { inferred: "Neither the authorization endpoint nor the token endpoint accepted this Client ID. If you are sure it is right, then both the Redirect URI and the Client Secret are wrong." }
        : {}),
    });
  } else if (token === "method_mismatch") {
    add({
      code: "sso_client_auth_method_mismatch",
      field: "tokenEndpointAuthMethod",
      fix: `The provider accepts the Client Secret only with ${other}. Switch Client authentication method to ${other}.`,
      suggestedAuthMethod: other,
    });
  } else if (token === "rejected") {
    result.clientSecret = "invalid";
    add({
      code: "sso_client_secret_invalid",
      field: "clientSecret",
      fix: "The token endpoint refused the Client Secret with both client_secret_basic and client_secret_post. Copy the Client Secret again from the provider (or generate a new one) and save it.",
      ...(result.clientId === "verified" ? {} : { inferred: "The Client ID could not be confirmed either: if the Secret is right, check the Client ID." }),
    });
  }

  if (token === "other" || token === "unreachable") {
    add({
      code: "sso_check_inconclusive",
      field: "clientSecret",
      fix:
        firstToken.error === "unauthorized_client"
          ? "The provider knows the client but does not allow the Authorization Code grant: enable 'Authorization Code' as a grant type for the application."
          : "The token endpoint's answer neither confirms nor rejects the Client ID and Secret (shown below). Run Test sign-in to verify them.",
    });
  }
  // An unknown Client ID has no registered redirect URIs to check: that finding says it all.
  if (result.redirectUri === "unknown" && result.clientId !== "unknown_client") {
    add({
      code: "sso_check_inconclusive",
      field: "redirectUri",
      fix:
        authorize.outcome === "login_page"
          ? "Could not verify the Redirect URI before sign-in: this provider checks it only after someone signs in. Run Test sign-in."
          : authorize.outcome === "unreachable"
            ? "The authorization endpoint did not answer, so the Redirect URI could not be verified. Run Check connection again, then Test sign-in."
            : "The provider refused the authorization request without saying why (its answer is shown below), and the token endpoint did not settle it. Check the Redirect URI and the Client ID, then run Test sign-in.",
    });
  }

  const allVerified = result.redirectUri === "verified" && result.clientId === "verified" && result.clientSecret === "verified" && result.authMethod === "verified";
  const proven = result.findings.some((f) => f.code !== "sso_check_inconclusive");
  result.status = allVerified ? "ok" : proven ? "problems" : "inconclusive";
  return result;
}
