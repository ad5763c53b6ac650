import { safeReturnTo } from "@jams/contract/return-to";
import { LOGIN_ERROR_PARAM } from "@jams/contract/routes";
import { describeCode, normaliseCode, type ErrorDescription } from "./errors";

export interface LoginParams {
  /** Error passed back by the SSO callback (`/login?error=<code>`), already described. */
  error: ErrorDescription | undefined;
  /** Safe same-origin path to continue to after signing in. */
  returnTo: string;
  /** Prefill for the Email field (e.g. from an invitation or a "change email" link). */
  email: string;
}

/** Everything the login page reads from its query string, validated. */
export function readLoginParams(search: string | URLSearchParams): LoginParams {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const rawError = params.get(LOGIN_ERROR_PARAM);
  let error: ErrorDescription | undefined;
  if (rawError !== null) {
    const code = normaliseCode(rawError);
    // An unrecognisable value still tells the person that sign-in failed, without echoing junk.
    error = describeCode(code);
    if (!code) error = { ...error, title: "Sign-in failed" };
  }
  const email = params.get("email") ?? "";
  return {
    error,
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
