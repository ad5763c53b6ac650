/** Who acts on each SSO error code, for the grouped error reference. */
export type ErrorActor = "user" | "admin" | "operator";

const USER: readonly string[] = ["sso_state_invalid", "sso_browser_mismatch", "sso_required"];
const OPERATOR: readonly string[] = ["sso_idp_unreachable"];

/** Unknown (newer) codes default to the customer admin, who owns the connection. */
export function errorActor(code: string): ErrorActor {
  if (USER.includes(code)) return "user";
  if (OPERATOR.includes(code) || /(_unavailable|_outage|_timeout|database)/.test(code)) return "operator";
  return "admin";
}

export const ACTOR_GROUPS: { actor: ErrorActor; title: string; intro: string }[] = [
  {
    actor: "user",
    title: "The person signing in can fix these",
    intro: "Nothing is misconfigured: starting again from /login, in the same browser, is enough.",
  },
  {
    actor: "admin",
    title: "Your organisation's administrator fixes these",
    intro: "Settings at the identity provider or at /integrations/sso; the Fix column says what to change.",
  },
  {
    actor: "operator",
    title: "The operator of this JAMS IMES installation fixes these",
    intro: "Network or service problems between JAMS IMES and the identity provider.",
  },
];
