import { useQuery } from "@tanstack/react-query";
import { CopyRow } from "../../components/CopyButton";
import { QueryContent } from "../../components/QueryContent";
import { trpc } from "../../lib/trpc";
import type { ProviderPreset } from "./presets";

/** The Redirect URI with its Copy button; `compact` once the connection exists. */
export function RedirectUriBox() {
  const redirect = useQuery(trpc.sso.redirectUri.queryOptions());
  return (
    <QueryContent query={redirect}>
      {({ redirectUri }) => (
        <CopyRow value={redirectUri} testId="redirect-uri" ariaLabel="Copy Redirect URI" />
      )}
    </QueryContent>
  );
}

/** Step 1's body: where the Redirect URI goes at this provider, and who may sign in. */
export function RedirectUriStepBody({ preset }: { preset: ProviderPreset }) {
  return (
    <div className="stack-tight">
      <p>
        Register this exact URL at {preset.id === "generic" ? "your identity provider" : preset.name}. It must match character for
        character — https, host, path, and no trailing slash.
      </p>
      <RedirectUriBox />
      <ul className="hint-list">
        <li>{preset.redirectHint}</li>
        {preset.accessHint ? <li>{preset.accessHint}</li> : null}
      </ul>
    </div>
  );
}
