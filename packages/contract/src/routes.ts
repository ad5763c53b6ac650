/**
 * Paths that cross the API/SPA boundary: the API redirects the browser to these SPA pages (and
 * builds the Redirect URI customers register at their IdP), the SPA serves and reads them.
 */
import type { AppErrorCode } from "./error-codes";

/** Registered at the customer's IdP as `${PUBLIC_URL}${SSO_CALLBACK_PATH}`: never change it. */
export const SSO_CALLBACK_PATH = "/auth/sso/callback";

export const LOGIN_PATH = "/login";
export const DASHBOARD_PATH = "/dashboard";
export const SSO_SETTINGS_PATH = "/integrations/sso";

/** `/login?error=<code>`: the SSO callback's failure, described by the login page. */
export const LOGIN_ERROR_PARAM = "error";
/** `/integrations/sso?test=<attemptId>`: where a Test sign-in returns to show its result. */
export const TEST_RESULT_PARAM = "test";

export function loginErrorPath(code: AppErrorCode): string {
  return `${LOGIN_PATH}?${LOGIN_ERROR_PARAM}=${code}`;
}

export function testResultPath(attemptId: string): string {
  return `${SSO_SETTINGS_PATH}?${TEST_RESULT_PARAM}=${attemptId}`;
}
