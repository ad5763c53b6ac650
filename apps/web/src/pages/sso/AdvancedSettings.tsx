import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import { useId } from "react";
import { TextField } from "../../components/TextField";
import type { ConnectionCheckResult } from "./check-labels";
import { FieldCheckNote } from "./FieldCheckNote";
import type { ConnectionFormValues, TokenEndpointAuthMethod } from "./presets";

const CLAIM_FIELDS = [
  ["emailClaim", "Email claim"],
  ["nameClaim", "Name claim"],
] as const;

const AUTH_METHODS: [TokenEndpointAuthMethod, string][] = [
  ["client_secret_basic", "client_secret_basic — in the Authorization header (most providers)"],
  ["client_secret_post", "client_secret_post — in the request body"],
];

interface Props {
  values: ConnectionFormValues;
  set: <K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) => void;
  /** Open when a value differs from the provider's defaults, so nothing changed is hidden. */
  defaultOpen: boolean;
  /** The latest Check connection: a wrong client authentication method is named on its fieldset. */
  check?: ConnectionCheckResult | null | undefined;
}

/** Scopes, Claim mappings, auth method and verified email: the guide says "leave defaults". */
export function AdvancedSettings({ values, set, defaultOpen, check }: Props) {
  const methodFlagged = check?.findings.some((f) => f.field === "tokenEndpointAuthMethod") ?? false;
  const ids = { verified: useId(), verifiedHelp: useId() };
  return (
    <details className="advanced" open={defaultOpen || methodFlagged}>
      <summary>
        Advanced settings <span className="muted">— scopes, claim mappings, client authentication, verified email. The defaults suit most providers.</span>
      </summary>
      <div className="stack advanced-body">
        <TextField
          label="Scopes"
          name="scopes"
          autoComplete="off"
          spellCheck={false}
          value={values.scopes}
          onChange={(e) => set("scopes", e.target.value)}
          help={
            <>
              Space-separated. Leave the default <code>{DEFAULT_SCOPES}</code> unless your provider needs more; <code>openid</code> is
              required.
            </>
          }
        />
        <fieldset className="fieldset">
          <legend>Claim mappings</legend>
          <p className="help">Which ID token claims hold the user&apos;s email address and name. Most providers use the standard names.</p>
          <div className="grid-2">
            {CLAIM_FIELDS.map(([key, label]) => (
              <TextField
                key={key}
                label={label}
                name={key}
                autoComplete="off"
                spellCheck={false}
                value={values[key]}
                onChange={(e) => set(key, e.target.value)}
              />
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Client authentication method</legend>
          <p className="help">How JAMS IMES sends the Client Secret to your provider&apos;s token endpoint.</p>
          {AUTH_METHODS.map(([method, text]) => (
            <label key={method} className="choice">
              <input
                type="radio"
                name="tokenEndpointAuthMethod"
                value={method}
                checked={values.tokenEndpointAuthMethod === method}
                onChange={() => set("tokenEndpointAuthMethod", method)}
              />
              {text}
            </label>
          ))}
          <FieldCheckNote check={check} field="tokenEndpointAuthMethod" />
        </fieldset>
        <div className="field">
          <label className="choice" htmlFor={ids.verified}>
            <input
              id={ids.verified}
              type="checkbox"
              checked={values.requireVerifiedEmail}
              onChange={(e) => set("requireVerifiedEmail", e.target.checked)}
              aria-describedby={ids.verifiedHelp}
            />
            Require verified email
          </label>
          <p className="help" id={ids.verifiedHelp}>
            Only accept sign-ins when the provider says the email address is verified (<code>email_verified: true</code>).
          </p>
        </div>
      </div>
    </details>
  );
}
