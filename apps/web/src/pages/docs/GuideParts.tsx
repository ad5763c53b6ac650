import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import type { ReactNode } from "react";
import { Link } from "react-router";

/** A numbered guide section with an anchor the setup steps link to (#step-N). */
export function GuideStep({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <section className="card guide-step" id={`step-${n}`} tabIndex={-1} aria-labelledby={`step-${n}-heading`}>
      <h2 id={`step-${n}-heading`}>
        Step {n} — {title}
      </h2>
      {children}
    </section>
  );
}

/** Field → value tables, with the JAMS IMES field names in bold exactly as on the page. */
export function FieldTable({ rows, caption }: { rows: [ReactNode, ReactNode][]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table table-docs table-cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([field, value], i) => (
            <tr key={i}>
              <th scope="row">{field}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorLink({ code }: { code: string }) {
  return (
    <Link to={`/docs/sso-errors#${code}`}>
      <code>{code}</code>
    </Link>
  );
}

/** Steps 5–7 are the same for every provider: they happen in JAMS IMES. */
export function JamsSteps({ provider, issuer, claimsNote }: { provider: string; issuer: ReactNode; claimsNote: string }) {
  return (
    <>
      <GuideStep n={5} title="Configure JAMS IMES">
        <p>
          Open <Link to="/integrations/sso">/integrations/sso</Link> (step 2 of the page). Fill in:
        </p>
        <FieldTable
          caption="JAMS IMES fields"
          rows={[
            [<b key="f">Configuration name</b>, `${provider} (this is the label on the login button)`],
            [<b key="f">Issuer URL</b>, issuer],
            [<b key="f">Client ID</b>, "from step 3"],
            [<b key="f">Client Secret</b>, "from step 3"],
            [<b key="f">Scopes</b>, <>leave default <code>{DEFAULT_SCOPES}</code> (under Advanced settings)</>],
            [<b key="f">Claim mappings</b>, claimsNote],
            [<b key="f">Enforce SSO</b>, "leave OFF for first test"],
          ]}
        />
        <p>
          Click <b>Save Configuration</b>. The form closes into a summary of the connection.
        </p>
      </GuideStep>
      <GuideStep n={6} title="Test the flow">
        <ol>
          <li>
            On <Link to="/integrations/sso">/integrations/sso</Link>, step 3: click <b>Test sign-in</b>. You sign in at {provider} and
            come back to a result that lists the claims received and the JAMS IMES user they match — your own session is unchanged.
          </li>
          <li>Open an incognito window and go to /login — enter the email of a JAMS IMES user who can also sign in at {provider}.</li>
          <li>
            Click <b>Continue</b> — you should see <b>Continue with {provider}</b>. Click it, authenticate, and you land on the JAMS IMES
            dashboard.
          </li>
        </ol>
        <p>
          A failed test names an error code and what to change; every sign-in attempt is listed under <i>Recent sign-in attempts</i>.
        </p>
      </GuideStep>
      <GuideStep n={7} title="(Optional) Enforce SSO">
        <p>
          Once SSO works for at least one admin, turn on <b>Enforce SSO</b> (step 4 of the page). Password sign-in stops for everyone in
          your organisation and open password sessions end; those people are told on the sign-in page to continue with {provider}. The
          switch stays off until you are signed in through SSO yourself, so no administrator is locked out.
        </p>
      </GuideStep>
    </>
  );
}
