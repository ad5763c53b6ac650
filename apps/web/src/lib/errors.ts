import { TRPCClientError } from "@trpc/client";
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import { type GeneralErrorCode, isSsoErrorCode } from "@jams/contract/error-codes";

export interface ErrorDescription {
  /** Stable machine code (e.g. `sso_required`), or undefined for unexpected failures. */
  code: string | undefined;
  title: string;
  /** What the person sees and what they can do about it. */
  message: string;
  /** Extra detail for administrators, when we have it. */
  adminHint?: string | undefined;
  /** Link into the error reference, for SSO codes. */
  docsHref?: string | undefined;
  /** The server's specific, non-secret explanation (e.g. the issuer check's hint), when sent. */
  detail?: string | undefined;
}

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Messages for the API's non-SSO codes (the SSO ones come from the catalogue). Typed by the API's
 * code list: a code it never produces does not compile here, nor does one left without a message.
 */
const APP_MESSAGES: Record<GeneralErrorCode, { title: string; message: string }> = {
  invalid_credentials: {
    title: "Email or password is incorrect",
    message: "Check your email address and password and try again.",
  },
  rate_limited: {
    title: "Too many attempts",
    message: "Too many attempts in a short time. Wait a minute, then try again.",
  },
  not_found: { title: "Not found", message: "It may have been removed, or the link is out of date." },
  email_taken: { title: "Email already in use", message: "A user with this email address already exists." },
  email_domain_claimed: {
    title: "Domain verified by another organisation",
    message: "Another organisation has verified this email domain, so only it can add people with these addresses.",
  },
  domain_invalid: { title: "Not a domain name", message: "Enter the part after @ in your email addresses, e.g. example.com." },
  domain_exists: { title: "Domain already added", message: "This domain is already in your list." },
  forbidden: { title: "Not allowed", message: "Your role does not allow this action. Ask an administrator." },
  unauthenticated: { title: "Signed out", message: "Your session has ended. Please sign in again." },
  invalid_input: { title: "Check the form", message: "Some of the values are missing or not in the expected format." },
  csrf_rejected: {
    title: "Request blocked",
    message: "The request did not come from this JAMS IMES page. Reload the page and try again.",
  },
  internal_error: {
    title: "Something went wrong on our side",
    message: "The request could not be completed. Please try again in a moment.",
  },
  invalid_text: {
    title: "Unsupported characters",
    message: "A field contains characters that cannot be stored (for example an invisible control character). Retype it and try again.",
  },
  service_unavailable: {
    title: "Temporarily unavailable",
    message: "JAMS IMES is briefly unavailable. Nothing was changed; please try again in a few seconds.",
  },
  invitation_invalid: {
    title: "Invitation not valid",
    message: "This invitation link has expired or was already used. Ask your administrator to send a new one.",
  },
  last_admin: {
    title: "At least one administrator is required",
    message: "You cannot remove or demote the last active administrator of the organisation.",
  },
  managed_by_provisioning: {
    title: "Managed by your identity provider",
    message:
      "This user is provisioned over SCIM: deactivate or remove them in your identity provider (and change their role through its groups). To manage users by hand again, revoke the provisioning token under Single sign-on.",
  },
  sso_enforced_needs_connection: {
    title: "SSO is enforced",
    message:
      "This is the last enabled, tested connection while Enforce SSO is on: without it nobody could sign in. Turn Enforce SSO off first, or enable and test another connection.",
  },
  no_verified_connection: {
    title: "No connection proven to work yet",
    message:
      "Enforce SSO needs an enabled connection that has worked: sign in through SSO as an administrator, or run Test sign-in successfully, first.",
  },
};

function isGeneralErrorCode(code: string): code is GeneralErrorCode {
  return Object.hasOwn(APP_MESSAGES, code);
}

/** A code from `?error=` or an API error, or undefined when it does not look like one of ours. */
export function normaliseCode(value: unknown): string | undefined {
  return typeof value === "string" && CODE_PATTERN.test(value) ? value : undefined;
}

/** The API's stable application code (`error.data.appCode`), if any. */
export function appCodeOf(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (data && typeof data === "object" && "appCode" in data) return normaliseCode(data.appCode);
  return undefined;
}

export function describeCode(code: string | undefined): ErrorDescription {
  if (code && isSsoErrorCode(code)) {
    const entry = SSO_ERROR_CATALOGUE[code];
    return {
      code,
      title: entry.title,
      message: entry.userMessage,
      adminHint: entry.adminHint,
      docsHref: `/docs/sso-errors#${code}`,
    };
  }
  if (code && isGeneralErrorCode(code)) return { code, ...APP_MESSAGES[code] };
  return {
    code,
    title: "Something went wrong",
    message: "The request could not be completed. Please try again; if it keeps happening, contact your administrator.",
  };
}

/** `/login?error=<value>`: an unrecognisable value still says sign-in failed, without echoing junk. */
export function describeLoginError(value: string): ErrorDescription {
  const code = normaliseCode(value);
  const described = describeCode(code);
  return code ? described : { ...described, title: "Sign-in failed" };
}

/** Server-supplied, non-secret detail (e.g. the issuer check's hint), when present. */
export function errorDetailOf(error: unknown, key: "hint" | "suggestedIssuer"): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (data && typeof data === "object" && key in data) {
    const value = (data as Record<string, unknown>)[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  }
  return undefined;
}

/** Turn anything thrown by a tRPC call into something we can show. */
export function describeError(error: unknown): ErrorDescription {
  const code = appCodeOf(error);
  if (code) {
    const described = describeCode(code);
    const hint = errorDetailOf(error, "hint");
    return hint ? { ...described, message: `${described.message} ${hint}`.trim(), detail: hint } : described;
  }
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    if (data?.code === "UNAUTHORIZED") return describeCode("unauthenticated");
    if (data?.code === "FORBIDDEN") return describeCode("forbidden");
    if (data?.code === "TOO_MANY_REQUESTS") return describeCode("rate_limited");
    if (data?.code === "BAD_REQUEST" && error.message && !error.message.startsWith("[")) {
      return { code: undefined, title: "Check the form", message: error.message };
    }
  }
  if (error instanceof TypeError) {
    return { code: undefined, title: "Network error", message: "Could not reach JAMS IMES. Check your connection and try again." };
  }
  return describeCode(undefined);
}
