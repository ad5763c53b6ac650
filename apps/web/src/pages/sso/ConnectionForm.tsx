import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ErrorCallout } from "../../components/ErrorCallout";
import { TextField } from "../../components/TextField";
import { describeError, errorDetailOf } from "../../lib/errors";
import { invalidateSsoQueries } from "../../lib/sso-queries";
import { trpc } from "../../lib/trpc";
import { AdvancedSettings } from "./AdvancedSettings";
import { FieldCheckNote } from "./FieldCheckNote";
import { IssuerField } from "./IssuerField";
import { applyPreset, initialValuesFor, type ConnectionFormValues, type ProviderPreset } from "./presets";
import type { Connection } from "./types";

interface Props {
  /** The connection being edited, or null for a new one. */
  connection: Connection | null;
  /** Chosen in the provider picker above the steps; its defaults fill a new form. */
  preset: ProviderPreset;
  onSaved: (connection: Connection, created: boolean) => void;
  onCancel?: (() => void) | undefined;
}

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

function differsFromPreset(values: ConnectionFormValues, preset: ProviderPreset): boolean {
  return (
    values.scopes !== preset.scopes ||
    values.emailClaim !== preset.emailClaim ||
    values.nameClaim !== preset.nameClaim ||
    values.tokenEndpointAuthMethod !== preset.tokenEndpointAuthMethod ||
    values.requireVerifiedEmail !== preset.requireVerifiedEmail
  );
}

/** Step 2: create or edit one SSO connection. Field labels match the customer setup guides word for word. */
export function ConnectionForm({ connection, preset, onSaved, onCancel }: Props) {
  const editing = connection !== null;
  const [values, setValues] = useState<ConnectionFormValues>(() => (connection ? valuesFromConnection(connection) : initialValuesFor(preset)));
  // Picking another provider re-applies its defaults, keeping what the admin typed.
  const [appliedPreset, setAppliedPreset] = useState(preset);
  if (appliedPreset.id !== preset.id) {
    setAppliedPreset(preset);
    setValues((current) => applyPreset(current, appliedPreset, preset));
  }
  const [advancedOpen] = useState(() => connection !== null && differsFromPreset(valuesFromConnection(connection), preset));
  const [showSecret, setShowSecret] = useState(false);
  const ids = { issuer: useId(), clientSecret: useId(), secretHelp: useId() };


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
      onSaved(saved, false);
    },
  });
  const set = <K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    // A refusal of the previous Issuer URL no longer applies once it changes.
    if (key === "issuer") {
      create.reset();
      update.reset();
    }
  };
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;
  const described = saveError ? describeError(saveError) : null;
  // Issuer problems are explained once, at the Issuer URL field (with its one-click fix).
  const issuerProblem = described?.code?.startsWith("issuer_") ? described : null;
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
        saveProblem={issuerProblem ? { ...issuerProblem, suggestedIssuer } : null}
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

      <AdvancedSettings values={values} set={set} defaultOpen={advancedOpen} check={connection?.lastCheck} />

      <div aria-live="assertive">{described && !issuerProblem ? <ErrorCallout error={described} adminHint="inline" /> : null}</div>
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
