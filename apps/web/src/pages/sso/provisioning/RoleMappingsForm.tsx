import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorCallout } from "../../../components/ErrorCallout";
import { describeError } from "../../../lib/errors";
import { queryClient, trpc } from "../../../lib/trpc";

type Role = "admin" | "member";
interface Mapping {
  groupName: string;
  role: Role;
}

/** IdP group name → role, applied to pushed SCIM groups and to the ID token's `groups` claim. */
export function RoleMappingsForm({ mappings }: { mappings: Mapping[] }) {
  const [rows, setRows] = useState<Mapping[]>(mappings);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    ...trpc.provisioning.setRoleMappings.mutationOptions(),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: trpc.provisioning.get.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    },
  });
  const update = (index: number, change: Partial<Mapping>) => {
    setSaved(false);
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ mappings: rows.map((r) => ({ ...r, groupName: r.groupName.trim() })).filter((r) => r.groupName !== "") });
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-labelledby="role-mappings-heading">
      <h3 id="role-mappings-heading">Roles from identity provider groups</h3>
      <p className="muted">
        A user in a group mapped to Administrator becomes an administrator; everyone else whose groups are known becomes a member. Groups
        come from SCIM group push, or from the <code>groups</code> claim at each sign-in (add the <code>groups</code> scope to the
        connection). The last active administrator is never demoted.
      </p>
      {rows.map((row, index) => (
        <div className="grid-3" key={index}>
          <div className="field">
            <label htmlFor={`mapping-group-${index}`}>Group name</label>
            <input id={`mapping-group-${index}`} value={row.groupName} onChange={(e) => update(index, { groupName: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`mapping-role-${index}`}>Role</label>
            <select
              id={`mapping-role-${index}`}
              value={row.role}
              onChange={(e) => update(index, { role: e.target.value === "admin" ? "admin" : "member" })}
            >
              <option value="member">Member</option>
              <option value="admin">Administrator</option>
            </select>
          </div>
          <div className="actions">
            <button
              type="button"
              className="button button-secondary button-small"
              aria-label={`Remove mapping ${row.groupName || index + 1}`}
              onClick={() => {
                setSaved(false);
                setRows((current) => current.filter((_, i) => i !== index));
              }}
            >
              Remove
            </button>
          </div>
        </div>
      ))}
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setSaved(false);
            setRows((current) => [...current, { groupName: "", role: "admin" }]);
          }}
        >
          Add mapping
        </button>
        <button type="submit" className="button" disabled={save.isPending}>
          Save mappings
        </button>
      </div>
      <div aria-live="polite">{saved ? <p role="status">Mappings saved and applied.</p> : null}</div>
      <div aria-live="assertive">{save.error ? <ErrorCallout error={describeError(save.error)} /> : null}</div>
    </form>
  );
}
