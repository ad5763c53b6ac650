import { useQuery } from "@tanstack/react-query";
import { useId, type ReactNode } from "react";
import { describeCode, describeError, type ErrorDescription } from "../../lib/errors";
import { trpcClient } from "../../lib/trpc";
import { useDebouncedValue } from "../../lib/use-debounced";
import type { ProviderPreset, TokenEndpointAuthMethod } from "./presets";

export const ISSUER_CHECK_DEBOUNCE_MS = 400;

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  preset: ProviderPreset;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** An issuer_* refusal from Save, shown here (once) unless the live check already says so. */
  saveProblem?: (ErrorDescription & { suggestedIssuer?: string | undefined }) | null;
}

/**
 * The Issuer URL input. While the admin types, the value is checked against the provider
 * (debounced) and the field explains exactly what is wrong and how to fix it.
 */
export function IssuerField({ id, value, onChange, preset, tokenEndpointAuthMethod, saveProblem }: Props) {
  const helpId = useId();
  const statusId = useId();
  const trimmed = value.trim();
  const debounced = useDebouncedValue(trimmed, ISSUER_CHECK_DEBOUNCE_MS);
  const settled = debounced === trimmed;

  const check = useQuery({
    queryKey: ["sso.checkIssuer", debounced, tokenEndpointAuthMethod],
    // checkIssuer is a mutation on the API (it makes outbound requests), but reading it through
    // a query gives us caching per value and drops answers for values the admin already changed.
    queryFn: ({ signal }) => trpcClient.sso.checkIssuer.mutate({ issuer: debounced, tokenEndpointAuthMethod }, { signal }),
    enabled: debounced !== "",
    retry: false,
    staleTime: 60_000,
  });

  let status: ReactNode = null;
  let invalid = false;
  if (trimmed === "") {
    status = null;
  } else if (!settled || check.isFetching) {
    status = <span className="check check-pending">Checking the issuer…</span>;
  } else if (check.isError) {
    const error = describeError(check.error);
    invalid = true;
    status = (
      <span className="check check-bad">
        <strong>{error.title}.</strong> {error.message}
      </span>
    );
  } else if (check.data) {
    const result = check.data;
    if (result.ok) {
      status = (
        <span className="check check-ok">
          <strong>Issuer found.</strong> The provider at <code>{result.issuer}</code> answered with a valid OpenID Connect configuration.
          {result.suggestion ? (
            <span className="check-fix" data-testid="issuer-suggestion">
              {" "}
              {result.suggestion.hint}{" "}
              <button type="button" className="button button-small" onClick={() => result.suggestion && onChange(result.suggestion.suggestedIssuer)}>
                Use {result.suggestion.suggestedIssuer}
              </button>
            </span>
          ) : null}
        </span>
      );
    } else {
      invalid = true;
      const described = describeCode(result.code);
      status = (
        <span className="check check-bad" data-code={result.code}>
          <strong>{described.title}.</strong> {result.hint || described.adminHint || described.message}{" "}
          <span className="callout-meta">
            (<code>{result.code}</code>)
          </span>
          {result.suggestedIssuer ? (
            <span className="check-fix">
              <button type="button" className="button button-small" onClick={() => result.suggestedIssuer && onChange(result.suggestedIssuer)}>
                Use {result.suggestedIssuer}
              </button>
            </span>
          ) : null}
        </span>
      );
    }
  }

  if (!invalid && saveProblem && (settled || trimmed === "")) {
    invalid = true;
    const fix = saveProblem.suggestedIssuer;
    status = (
      <span className="check check-bad" data-code={saveProblem.code}>
        <strong>{saveProblem.title}.</strong> {saveProblem.adminHint ?? saveProblem.message}{" "}
        <span className="callout-meta">
          (<code>{saveProblem.code}</code>)
        </span>
        {fix ? (
          <span className="check-fix">
            <button type="button" className="button button-small" onClick={() => onChange(fix)}>
              Use {fix}
            </button>
          </span>
        ) : null}
      </span>
    );
  }

  return (
    <div className="field">
      <label htmlFor={id}>Issuer URL</label>
      <input
        id={id}
        name="issuer"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder={preset.issuerShape}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${helpId} ${statusId}`}
        aria-invalid={invalid || undefined}
      />
      <p className="help" id={helpId}>
        Looks like <code>{preset.issuerShape}</code>. {preset.issuerHelp} Do not add /.well-known/openid-configuration — JAMS IMES adds
        it automatically.
      </p>
      <p className="field-status" id={statusId} aria-live="polite">
        {status}
      </p>
    </div>
  );
}
