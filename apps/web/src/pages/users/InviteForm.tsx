import { useId, useState, type FormEvent } from "react";
import { ErrorCallout } from "../../components/ErrorCallout";
import { TextField } from "../../components/TextField";
import { describeError } from "../../lib/errors";
import { useInviteUser, type Role } from "./use-users";

export function InviteForm({ onInvited }: { onInvited: (email: string, inviteUrl: string) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("member");
  const roleId = useId();
  const invite = useInviteUser((invitedEmail, inviteUrl) => {
    onInvited(invitedEmail, inviteUrl);
    setEmail("");
    setName("");
    setRole("member");
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) });
  };
  return (
    <form className="stack" onSubmit={onSubmit}>
      <div className="grid-3">
        <TextField
          label="Email"
          type="email"
          required
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={
            <>
              Name <span className="optional">(optional)</span>
            </>
          }
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value === "admin" ? "admin" : "member")}>
            <option value="member">Member</option>
            <option value="admin">Administrator</option>
          </select>
        </div>
      </div>
      <div aria-live="assertive">{invite.error ? <ErrorCallout error={describeError(invite.error)} /> : null}</div>
      <div className="actions">
        <button type="submit" className="button" disabled={invite.isPending || email.trim() === ""}>
          {invite.isPending ? "Inviting…" : "Invite user"}
        </button>
      </div>
    </form>
  );
}
