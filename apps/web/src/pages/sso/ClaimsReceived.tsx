import { Fragment } from "react";
import { DataTable } from "../../components/DataTable";
import type { inferOutput, trpc } from "../../lib/trpc";

type Result = inferOutput<typeof trpc.sso.testResult>;

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null || value === "") return "(empty)";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/**
 * Every claim the provider sent, ID token and UserInfo side by side. The claims the connection
 * maps (Email claim, Name claim, email_verified) are highlighted and labelled with their role, so
 * a wrong mapping or a different address is visible at a glance.
 */
export function ClaimsReceived({ received, claims, mapping }: Pick<Result, "received" | "claims" | "mapping">) {
  const roles = new Map<string, string>([
    [mapping.emailClaim, "Email claim"],
    [mapping.nameClaim, "Name claim"],
    ["email_verified", "Verified email"],
    ["sub", "Subject (linked identity)"],
  ]);
  if (!received) {
    // Attempts recorded before the evidence existed: the mapped claims only.
    if (claims.sub === null && claims.email === null) return null;
    return (
      <>
        <h3>Claims received</h3>
        <dl className="facts facts-wide">
          {(["email", "email_verified", "name", "sub"] as const).map((claim) => (
            <Fragment key={claim}>
              <dt>{claim}</dt>
              <dd>
                <code>{show(claims[claim])}</code>
              </dd>
            </Fragment>
          ))}
        </dl>
      </>
    );
  }
  const names = [...new Set([...roles.keys(), ...Object.keys(received.idToken), ...Object.keys(received.userInfo ?? {})])];
  names.sort((a, b) => Number(roles.has(b)) - Number(roles.has(a)) || a.localeCompare(b));
  return (
    <>
      <h3>Claims received</h3>
      <p className="help">
        Mapped claims are highlighted. Configured names: Email claim <code>{mapping.emailClaim}</code>, Name claim <code>{mapping.nameClaim}</code>
        {received.userInfo ? "; UserInfo was asked because the ID token lacked some of them" : ""}.
      </p>
      <DataTable columns={["Claim", "ID token", "UserInfo"]}>
        {names.map((name) => {
          const role = roles.get(name);
          const inId = name in received.idToken;
          const inUserInfo = received.userInfo !== null && name in received.userInfo;
          if (!role && !inId && !inUserInfo) return null;
          return (
            <tr key={name} className={role ? "row-highlight" : undefined} data-claim={name}>
              <th scope="row">
                <code>{name}</code>
                {role ? <span className="badge">{role}</span> : null}
              </th>
              <td className="break">{inId ? <code>{show(received.idToken[name])}</code> : role ? <span className="muted">not sent</span> : "—"}</td>
              <td className="break">
                {received.userInfo === null ? (
                  <span className="muted">not asked</span>
                ) : inUserInfo ? (
                  <code>{show(received.userInfo[name])}</code>
                ) : role ? (
                  <span className="muted">not sent</span>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}
