/**
 * Reads an IdP's authorize-endpoint error page (HTML or JSON) for which setting it refused.
 * Known wordings: oidc-provider (invalid_redirect_uri / invalid_client "client is invalid"),
 * Okta ("The 'redirect_uri' parameter must be a Login redirect URI…", "Invalid client_id"),
 * Entra ID (AADSTS50011 reply URL mismatch, AADSTS700016 application not found), Google
 * (redirect_uri_mismatch, "The OAuth client was not found" / invalid_client).
 */
export type PageVerdict = "redirect_uri" | "client" | "generic_error";

const REDIRECT_CODES = new Set(["invalid_redirect_uri", "redirect_uri_mismatch"]);
const CLIENT_CODES = new Set(["invalid_client", "unauthorized_client_id"]);
const REDIRECT_TEXT = [/invalid_redirect_uri/i, /redirect_uri_mismatch/i, /AADSTS50011/, /AADSTS500113/, /redirect[_ ]uri/i, /reply url/i, /login redirect uri/i];
const CLIENT_TEXT = [/invalid_client/i, /AADSTS700016/, /client[_ ]id\b.*\b(invalid|unknown|not found|does not exist)/i, /\b(invalid|unknown) client/i, /client is invalid/i, /oauth client was not found/i, /application with identifier .* was not found/i];

export function classifyErrorPage(page: { error?: string | undefined; description?: string | undefined; text: string }): PageVerdict {
  // A machine-readable error code wins over prose.
  if (page.error && REDIRECT_CODES.has(page.error)) return "redirect_uri";
  if (page.error && CLIENT_CODES.has(page.error)) return "client";
  const text = `${page.error ?? ""} ${page.description ?? ""} ${page.text}`;
  const redirect = REDIRECT_TEXT.some((re) => re.test(text));
  const client = CLIENT_TEXT.some((re) => re.test(text));
  if (redirect && !client) return "redirect_uri";
  if (client && !redirect) return "client";
  // Exact error codes inside the page beat loose wording when both appear.
  if (/\binvalid_redirect_uri\b|\bredirect_uri_mismatch\b|AADSTS50011/.test(text) && !/\binvalid_client\b|AADSTS700016/.test(text)) return "redirect_uri";
  if (/\binvalid_client\b|AADSTS700016/.test(text) && !/\binvalid_redirect_uri\b|\bredirect_uri_mismatch\b|AADSTS50011/.test(text)) return "client";
  return "generic_error";
}
