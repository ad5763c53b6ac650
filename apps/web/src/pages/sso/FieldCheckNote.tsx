import { FIELD_LABELS, type CheckFieldName, type ConnectionCheckResult } from "./check-labels";

/**
 * Under a form field: what the latest Check connection proved wrong about THIS field, with the
 * fix. Renders nothing when the check has nothing to say about the field.
 */
export function FieldCheckNote({ check, field }: { check: ConnectionCheckResult | null | undefined; field: CheckFieldName }) {
  const findings = check?.findings.filter((f) => f.field === field) ?? [];
  if (findings.length === 0) return null;
  return (
    <>
      {findings.map((finding) => (
        <p
          key={finding.code}
          className={`field-status check ${finding.code === "sso_check_inconclusive" ? "check-pending" : "check-bad"}`}
          data-testid={`check-note-${field}`}
          data-code={finding.code}
        >
          <strong>{FIELD_LABELS[field]}:</strong> {finding.fix}{" "}
          <span className="callout-meta">
            (<code>{finding.code}</code>)
          </span>
        </p>
      ))}
    </>
  );
}
