import { useId } from "react";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS } from "../lib/audit-format";

export interface AuditFilterValues {
  actor: string;
  action: string;
  from: string;
  to: string;
}

/** Who / what / when: each change applies at once (the values live in the URL). */
export function AuditFilters({ values, onChange }: { values: AuditFilterValues; onChange: (next: AuditFilterValues) => void }) {
  const ids = { actor: useId(), action: useId(), from: useId(), to: useId(), actorHelp: useId() };
  const set = (key: keyof AuditFilterValues, value: string) => onChange({ ...values, [key]: value });
  const active = Object.values(values).some((v) => v !== "");
  return (
    <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={ids.actor}>By</label>
        <input
          id={ids.actor}
          type="search"
          placeholder="name@company.com or system"
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.actor}
          aria-describedby={ids.actorHelp}
          // Applied on Enter or leaving the field, not per keystroke.
          onBlur={(e) => set("actor", e.target.value.trim())}
          onKeyDown={(e) => {
            if (e.key === "Enter") set("actor", e.currentTarget.value.trim());
          }}
        />
        <span className="visually-hidden" id={ids.actorHelp}>
          The email of the person who acted, or system. Press Enter to apply.
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.action}>Action</label>
        <select id={ids.action} value={values.action} onChange={(e) => set("action", e.target.value)}>
          <option value="">All actions</option>
          <optgroup label="Groups">
            {AUDIT_ACTION_GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Actions">
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.from}>From</label>
        <input id={ids.from} type="date" value={values.from} max={values.to || undefined} onChange={(e) => set("from", e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>To</label>
        <input id={ids.to} type="date" value={values.to} min={values.from || undefined} onChange={(e) => set("to", e.target.value)} />
      </div>
      {active ? (
        <button type="button" className="button button-secondary filters-clear" onClick={() => onChange({ actor: "", action: "", from: "", to: "" })}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
