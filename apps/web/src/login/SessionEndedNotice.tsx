/** On /login: "your password session ended because your organisation now requires SSO". */
export function SessionEndedNotice({ reason }: { reason: string | null | undefined }) {
  if (reason !== "sso_enforced") return null;
  return (
    <div className="callout callout-warning" role="status" data-testid="session-ended">
      <p className="callout-title">Your organisation now requires single sign-on</p>
      <p>
        An administrator turned on Enforce SSO, so your password session was ended and password sign-in is no longer available. Enter
        your email and continue with your company&apos;s identity provider.
      </p>
    </div>
  );
}
