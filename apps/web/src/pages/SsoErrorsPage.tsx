import { useEffect } from "react";
import { useLocation } from "react-router";
import { SSO_ERROR_CATALOGUE, SSO_ERROR_CODES } from "@jams/oidc/errors";
import { CodeText } from "../components/CodeText";
import { PageHeading } from "../components/PageHeading";

/** /docs/sso-errors — generated from the same catalogue the API and sign-in pages use. */
export default function SsoErrorsPage() {
  const location = useLocation();
  // Client-side navigation does not scroll to #fragments by itself.
  useEffect(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    const target = document.getElementById(id);
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }, [location.hash]);

  return (
    <div className="page stack">
      <PageHeading title="SSO error reference">SSO error reference</PageHeading>
      <p className="lead">
        Every single sign-on error has a stable code. The person signing in sees the message in the second column; the cause and the fix
        are for your IT administrator.
      </p>
      <nav aria-label="Error codes" className="code-index">
        <ul>
          {SSO_ERROR_CODES.map((code) => (
            <li key={code}>
              <a href={`#${code}`}>
                <code>{code}</code>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="table-wrap">
        <table className="table table-docs">
          <caption className="visually-hidden">SSO error codes</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">What the user sees</th>
              <th scope="col">Cause</th>
              <th scope="col">Fix</th>
            </tr>
          </thead>
          <tbody>
            {SSO_ERROR_CODES.map((code) => {
              const entry = SSO_ERROR_CATALOGUE[code];
              return (
                <tr key={code} id={code} tabIndex={-1} className="anchor-row">
                  <th scope="row">
                    <a href={`#${code}`} className="code-link">
                      <CodeText code={code} />
                    </a>
                    <span className="code-title">{entry.title}</span>
                  </th>
                  <td>{entry.userMessage}</td>
                  <td>{entry.cause}</td>
                  <td>{entry.adminHint}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
