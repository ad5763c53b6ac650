import { safeReturnTo } from "@jams/contract/return-to";
import { LOGIN_ERROR_PARAM } from "@jams/contract/routes";

// No import of ./errors here: the sign-in page loads the error texts (and the SSO error
// catalogue) only when it has an error to show; `describeLoginError` there describes `error`.

export interface LoginParams {
  /** `?error=<code>` as passed back by the SSO callback, unvalidated (undefined when absent). */
  error: string | undefined;
  /** Safe same-origin path to continue to after signing in. */
  returnTo: string;
  /** Prefill for the Email field (e.g. from an invitation or a "change email" link). */
  email: string;
}

/** Everything the login page reads from its query string, validated. */
export function readLoginParams(search: string | URLSearchParams): LoginParams {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const email = params.get("email") ?? "";
  return {
    error: params.get(LOGIN_ERROR_PARAM) ?? undefined,
    returnTo: safeReturnTo(params.get("returnTo")),
    email: email.length <= 320 ? email.trim() : "",
  };
}

/** What is wrong with the typed email, before asking the API — or undefined when it looks fine. */
export function emailProblem(value: string): string | undefined {
  if (value === "") return "Enter your email address.";
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) return "Enter a complete email address, like name@company.com.";
  return undefined;
}
