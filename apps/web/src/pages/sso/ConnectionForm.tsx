import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ErrorCallout } from "../../components/ErrorCallout";
import { TextField } from "../../components/TextField";
import { describeError, errorDetailOf } from "../../lib/errors";
import { invalidateSsoQueries } from "../../lib/sso-queries";
import { trpc } from "../../lib/trpc";
import { FieldCheckNote } from "./FieldCheckNote";
import { IssuerField } from "./IssuerField";
import {
  DEFAULT_SCOPES,
  PROVIDER_PRESETS,
  applyPreset,
  initialValuesFor,
  presetById,
  presetForConnection,
  type ConnectionFormValues,
  type ProviderPreset,
  type TokenEndpointAuthMethod,
} from "./presets";
import type { Connection } from "./types";

interface Props {
  /** The connection being edited, or null for a new one. */
  connection: Connection | null;
  onSaved: (connection: Connection, created: boolean) => void;
  onCancel?: (() => void) | undefined;
}

/** The Claim mappings fields: which ID token claim holds what. */
const CLAIM_FIELDS = [
  ["emailClaim", "Email claim"],
  ["nameClaim", "Name claim"],
] as const;

function valuesFromConnection(connection: Connection): ConnectionFormValues {
  return {
    label: connection.label,
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: "",
    scopes: connection.scopes,
    emailClaim: connection.emailClaim,
    nameClaim: connection.nameClaim,
    tokenEndpointAuthMethod: connection.tokenEndpointAuthMethod,
    requireVerifiedEmail: connection.requireVerifiedEmail,
  };
}

/** Create or edit one SSO connection. Field labels match the customer setup guides word for word. */
export function ConnectionForm({ connection, onSaved, onCancel }: Props) {
  const editing = connection !== null;
  const [preset, setPreset] = useState<ProviderPreset>(() =>
    connection ? presetForConnection(connection.issuer, connection.label) : presetById("okta"),
  );
  const [values, setValues] = useState<ConnectionFormValues>(() =>
    connection ? valuesFromConnection(connection) : initialValuesFor(presetById("okta")),
  );
  const [showSecret, setShowSecret] = useState(false);
  const ids = {
    preset: useId(),
    presetHelp: useId(),
    issuer: useId(),
    clientSecret: useId(),
    secretHelp: useId(),
    verified: useId(),
    verifiedHelp: useId(),
  };

  const set = <K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
  };

  const create = useMutation({
    ...trpc.sso.create.mutationOptions(),
    onSuccess: async (saved) => {
      await invalidateSsoQueries();
      onSaved(saved, true);
    },
  });
  const update = useMutation({
    ...trpc.sso.update.mutationOptions(),
    onSuccess: async (saved) => {
      await invalidateSsoQueries();
      setValues((current) => ({ ...current, clientSecret: "" }));
      onSaved(saved, false);
    },
  });
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;
  const suggestedIssuer = saveError ? errorDetailOf(saveError, "suggestedIssuer") : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const fields = {
      label: values.label.trim(),
      issuer: values.issuer.trim(),
      clientId: values.clientId.trim(),
      scopes: values.scopes.trim() || DEFAULT_SCOPES,
      emailClaim: values.emailClaim.trim() || "email",
      nameClaim: values.nameClaim.trim() || "name",
      tokenEndpointAuthMethod: values.tokenEndpointAuthMethod,
      requireVerifiedEmail: values.requireVerifiedEmail,
    };
    if (connection) {
      update.mutate({
        connectionId: connection.id,
        ...fields,
        // Blank keeps the stored secret.
        ...(values.clientSecret !== "" ? { clientSecret: values.clientSecret } : {}),
      });
    } else {
      create.mutate({ ...fields, clientSecret: values.clientSecret });
    }
  };

  return (
    <form className="stack" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor={ids.preset}>Identity provider</label>
        <select
          id={ids.preset}
          value={preset.id}
          aria-describedby={ids.presetHelp}
          onChange={(e) => {
            const next = presetById(e.target.value);
            setValues((current) => applyPreset(current, preset, next));
            setPreset(next);
          }}
        >
          {PROVIDER_PRESETS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <p className="help" id={ids.presetHelp}>
          Fills in the usual settings for your provider. {preset.note ?? ""}
        </p>
      </div>

      <TextField
        label="Configuration name"
        name="label"
        required
        maxLength={100}
        autoComplete="off"
        value={values.label}
        onChange={(e) => set("label", e.target.value)}
        help={<>Shown on the sign-in button: “Continue with {values.label.trim() || "…"}”.</>}
      />

      <IssuerField
        id={ids.issuer}
        value={values.issuer}
        onChange={(value) => set("issuer", value)}
        preset={preset}
        tokenEndpointAuthMethod={values.tokenEndpointAuthMethod}
      />

      <TextField
        label="Client ID"
        name="clientId"
        required
        autoComplete="off"
        spellCheck={false}
        value={values.clientId}
        onChange={(e) => set("clientId", e.target.value)}
      />
      <FieldCheckNote check={connection?.lastCheck} field="clientId" />

      <div className="field">
        <label htmlFor={ids.clientSecret}>Client Secret</label>
        <div className="input-with-button">
          <input
            id={ids.clientSecret}
            name="clientSecret"
            type={showSecret ? "text" : "password"}
            required={!editing}
            autoComplete="new-password"
            spellCheck={false}
            placeholder={editing ? "Leave blank to keep the current secret" : undefined}
            value={values.clientSecret}
            onChange={(e) => set("clientSecret", e.target.value)}
            aria-describedby={ids.secretHelp}
          />
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={showSecret}
            aria-controls={ids.clientSecret}
            onClick={() => setShowSecret((v) => !v)}
          >
            {showSecret ? "Hide" : "Show"}
          </button>
        </div>
        <p className="help" id={ids.secretHelp}>
          {connection?.clientSecretSet
            ? `A secret is set${connection.clientSecretLast4 ? `, ends in …${connection.clientSecretLast4}` : ""}. It is stored encrypted and never shown again; leave the field blank to keep it.`
            : "Stored encrypted. It is never shown again after saving."}
        </p>
        <FieldCheckNote check={connection?.lastCheck} field="clientSecret" />
      </div>

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
        {(
          [
            ["client_secret_basic", "client_secret_basic — in the Authorization header (most providers)"],
            ["client_secret_post", "client_secret_post — in the request body"],
          ] as [TokenEndpointAuthMethod, string][]
        ).map(([method, text]) => (
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
        <FieldCheckNote check={connection?.lastCheck} field="tokenEndpointAuthMethod" />
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

      <div aria-live="assertive">
        {saveError ? (
          <div className="stack-tight">
            <ErrorCallout error={describeError(saveError)} adminHint="inline" />
            {suggestedIssuer ? (
              <button type="button" className="button button-small" onClick={() => set("issuer", suggestedIssuer)}>
                Use {suggestedIssuer}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? "Saving…" : "Save Configuration"}
        </button>
        {onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
