/**
 * A started sign-in that has not come back. The transaction stays valid for its full TTL (a slow
 * MFA enrolment may still finish), but the admin is told much earlier that it looks stuck.
 */
export const ABANDONED_AFTER_MS = 3 * 60_000;

/**
 * Nothing came back, so there is no code: the admin still needs the usual suspects (the setup
 * guide's "never returns" gotcha, and IdPs that show their own error page on a bad redirect URI).
 */
export const ABANDONED_HINT =
  "The user was sent to the identity provider but never came back. Common causes: a sign-on policy requires MFA the user has not set up (relax the policy for this app or enrol the user), the provider showed its own error page because the Sign-in redirect URI or Client ID is wrong (press Check connection to find out), or the user closed the window.";

/**
 * An IdP shows its own error page for an unregistered Redirect URI or unknown Client ID, and the
 * user never comes back: when Check connection proved one of those, that is the answer.
 */
export function provenStuckCause(lastCheck: { findings: { code: string; fix: string }[] } | null | undefined): string | null {
  const finding = lastCheck?.findings.find((f) => f.code === "sso_redirect_uri_not_registered" || f.code === "sso_client_unknown");
  return finding ? `The identity provider most likely showed its own error page: Check connection found ${finding.code}. ${finding.fix}` : null;
}

/** While the admin waits on a Test sign-in: what the IdP is probably waiting for. */
export function pendingHintFor(elapsedMs: number, lastCheck?: { findings: { code: string; fix: string }[] } | null): string {
  const proven = provenStuckCause(lastCheck);
  if (proven) return proven;
  if (elapsedMs > ABANDONED_AFTER_MS) return ABANDONED_HINT;
  if (elapsedMs < 30_000) return "Waiting for the sign-in at the identity provider to finish.";
  return "Still at the identity provider. It is probably waiting for MFA enrolment or a sign-on policy step (Okta: Security → Authentication → Sign-on Policy), or you are signed in there with a different account — sign out at the provider or use a private window. If the provider shows an error page instead, press Check connection: a Redirect URI or Client ID mistake is named there.";
}
