import { useEffect, useId, useState } from "react";
import { useLocation } from "react-router";
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import { SSO_ERROR_CODES } from "@jams/contract/error-codes";
import { CodeText } from "../components/CodeText";
import { PageHeading } from "../components/PageHeading";
import { ACTOR_GROUPS, errorActor } from "../lib/error-actors";

function matches(code: (typeof SSO_ERROR_CODES)[number], needle: string): boolean {
  if (!needle) return true;
  const entry = SSO_ERROR_CATALOGUE[code];
  return [code, entry.title, entry.userMessage, entry.cause, entry.adminHint].join(" ").toLowerCase().includes(needle);
}

/** /docs/sso-errors — grouped by who acts, searchable, one anchor per code (error pages link to #code). */
export default function SsoErrorsPage() {
  const location = useLocation();
  const searchId = useId();
  const [search, setSearch] = useState("");
  const hash = decodeURIComponent(location.hash.slice(1));
  // A linked code is never hidden by an earlier search.
  const [searchedHash, setSearchedHash] = useState(hash);
  if (searchedHash !== hash) {
    setSearchedHash(hash);
    setSearch("");
  }
  // Client-side navigation does not scroll to #fragments by itself.
  useEffect(() => {
    if (!hash) return;
    const target = document.getElementById(hash);
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }, [hash]);

  const needle = search.trim().toLowerCase();
  const shown = SSO_ERROR_CODES.filter((code) => matches(code, needle));

  return (
    <div className="page stack">
      <PageHeading title="SSO error reference">SSO error reference</PageHeading>
      <p className="lead">
        Every single sign-on error has a stable code. The person signing in sees the message in the second column; the cause and the fix
        are for whoever can act on it — grouped below.
      </p>
      <div className="field errors-search" role="search">
        <label htmlFor={searchId}>Search error codes and messages</label>
        <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. redirect, email, issuer_mismatch" />
        <p className="help" role="status">
          {needle ? `${shown.length} of ${SSO_ERROR_CODES.length} codes match.` : `${SSO_ERROR_CODES.length} codes.`}
        </p>
      </div>
      {ACTOR_GROUPS.map((group) => {
        const codes = shown.filter((code) => errorActor(code) === group.actor);
        if (codes.length === 0) return null;
        return (
          <section key={group.actor} className="card" aria-labelledby={`group-${group.actor}`}>
            <h2 id={`group-${group.actor}`}>{group.title}</h2>
            <p className="muted">{group.intro}</p>
            <div className="table-wrap">
              <table className="table table-docs table-cards">
                <caption className="visually-hidden">{group.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">What the user sees</th>
                    <th scope="col">Cause</th>
                    <th scope="col">Fix</th>
                  </tr>
                </thead>
                <tbody>
                  {codes.map((code) => {
                    const entry = SSO_ERROR_CATALOGUE[code];
                    return (
                      <tr key={code} id={code} tabIndex={-1} className="anchor-row">
                        <th scope="row">
                          <a href={`#${code}`} className="code-link">
                            <CodeText code={code} />
                          </a>
                          <span className="code-title">{entry.title}</span>
                        </th>
                        <td data-label="What the user sees">{entry.userMessage}</td>
                        <td data-label="Cause">{entry.cause}</td>
                        <td data-label="Fix">{entry.adminHint}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {shown.length === 0 ? <p>No error code matches “{search}”.</p> : null}
    </div>
  );
}
