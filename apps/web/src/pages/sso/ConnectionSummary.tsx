import { ProviderLogo } from "../../components/ProviderLogo";
import { Time } from "../../components/Time";
import { presetForConnection } from "./presets";
import type { Connection } from "./types";

/** Step 2 once saved: the connection at a glance (the form only opens on Edit). */
export function ConnectionSummary({ connection, onEdit }: { connection: Connection; onEdit: () => void }) {
  const preset = presetForConnection(connection.issuer, connection.label);
  return (
    <div className="summary" data-testid="connection-summary">
      <div className="summary-head">
        <ProviderLogo id={preset.id} size={32} />
        <div className="summary-title">
          <strong>{connection.label}</strong>
          <span className="muted">
            {connection.enabled ? "Enabled" : "Disabled"} ·{" "}
            {connection.verifiedAt ? (
              <>
                Test sign-in passed <Time value={connection.verifiedAt} />
              </>
            ) : (
              "Not tested yet"
            )}
          </span>
        </div>
        <button type="button" className="button button-secondary button-small" aria-label={`Edit ${connection.label}`} onClick={onEdit}>
          Edit
        </button>
      </div>
      <dl className="facts summary-facts">
        <dt>Issuer URL</dt>
        <dd className="break">
          <code>{connection.issuer}</code>
        </dd>
        <dt>Client ID</dt>
        <dd className="break">
          <code>{connection.clientId}</code>
        </dd>
        <dt>Client Secret</dt>
        <dd>{connection.clientSecretLast4 ? `Set, ends in …${connection.clientSecretLast4}` : "Set"}</dd>
        <dt>Advanced</dt>
        <dd className="muted">
          Scopes <code>{connection.scopes}</code> · claims <code>{connection.emailClaim}</code>/<code>{connection.nameClaim}</code> ·{" "}
          <code>{connection.tokenEndpointAuthMethod}</code> · {connection.requireVerifiedEmail ? "verified email required" : "unverified email accepted"}
        </dd>
      </dl>
    </div>
  );
}
