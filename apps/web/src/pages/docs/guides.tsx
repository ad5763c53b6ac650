import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { ErrorLink, FieldTable, GuideStep, JamsSteps } from "./GuideParts";

export interface Guide {
  id: "okta" | "entra" | "google";
  name: string;
  minutes: number;
  body: () => ReactNode;
}

function Okta() {
  return (
    <>
      <section className="card">
        <h2>Before you start</h2>
        <ul>
          <li>Admin access in your Okta org (you need to create OIDC applications).</li>
          <li>Admin access in JAMS IMES.</li>
          <li>
            The JAMS IMES Redirect URI from your <Link to="/integrations/sso">/integrations/sso</Link> page (step 1, with a Copy button) —
            keep this tab open.
          </li>
        </ul>
      </section>
      <GuideStep n={1} title="Create the OIDC application">
        <ol>
          <li>
            Sign in to your Okta Admin Console (URL looks like <code>https://&lt;yourorg&gt;-admin.okta.com</code>).
          </li>
          <li>Left sidebar → Applications → Applications → Create App Integration.</li>
          <li>Pick Sign-in method: OIDC — OpenID Connect; Application type: Web Application. Click Next.</li>
        </ol>
      </GuideStep>
      <GuideStep n={2} title="Configure the application">
        <FieldTable
          caption="Okta application fields"
          rows={[
            ["App integration name", "JAMS IMES (or whatever — users won't see this)"],
            ["Grant type", "Check Authorization Code. Uncheck everything else."],
            ["Sign-in redirect URIs", "Paste the Redirect URI from JAMS IMES's /integrations/sso page (ends in /auth/sso/callback)."],
            ["Sign-out redirect URIs", "Optional: your JAMS IMES /login URL."],
            [
              "Controlled access / Assignments",
              "Skip group assignment for now to assign users later, or Allow everyone in your organization to access.",
            ],
          ]}
        />
        <p>Click Save.</p>
      </GuideStep>
      <GuideStep n={3} title="Capture the credentials">
        <p>After saving you land on the app's General tab:</p>
        <ul>
          <li>
            <b>Client ID</b> — long alphanumeric string. Goes into JAMS IMES's Client ID field.
          </li>
          <li>
            <b>Client Secret</b> — click Show or Copy under the Client Secret field. JAMS IMES stores it encrypted and never shows it again.
          </li>
        </ul>
        <p>
          For the <b>Issuer URL</b>: most teams use the default authorization server,{" "}
          <code>https://&lt;yourorg&gt;.okta.com/oauth2/default</code>. With a custom authorization server, use its issuer from Security → API
          → Authorization Servers.
        </p>
        <p className="callout callout-success">
          Tip: copy the issuer straight from Okta — Security → API → Authorization Servers, click your server (usually “default”), and copy
          the <b>Issuer URI</b> field exactly as shown. JAMS IMES checks it as you paste.
        </p>
      </GuideStep>
      <GuideStep n={4} title="Assign users to the application">
        <p>Even with “allow everyone”, check that the user you will test with has access:</p>
        <ol>
          <li>Open the JAMS IMES app in Okta — Assignments tab.</li>
          <li>Confirm the test user (or a group they belong to) is listed; if not, Assign → Assign to People or Assign to Groups.</li>
        </ol>
        <p>
          Unassigned users can authenticate to Okta but see “Access denied” before the redirect back (<ErrorLink code="sso_idp_rejected" />
          ).
        </p>
      </GuideStep>
      <JamsSteps
        provider="Okta"
        issuer={<code>https://&lt;yourorg&gt;.okta.com/oauth2/default</code>}
        claimsNote="leave defaults — Okta uses the standard names (email, name)"
      />
      <section className="card" id="gotchas" aria-labelledby="gotchas-heading">
        <h2 id="gotchas-heading">Common Okta-specific gotchas</h2>
        <FieldTable
          caption="Problems and fixes"
          rows={[
            [<ErrorLink key="c" code="sso_idp_rejected" />, "The Sign-in redirect URI does not match, or the user is not assigned. Compare the URIs character for character (https, trailing slash); check Assignments."],
            [<ErrorLink key="c" code="user_not_provisioned" />, "The email in Okta differs from the one in JAMS IMES. Case is fine; a typo or alias is not. Invite the user first — accounts are not created automatically."],
            ["Sign-in never returns", "Okta's sign-on policy requires MFA the user has not set up: set up MFA, or relax the policy for this app (Security → Authentication → Sign-on Policy)."],
            [<ErrorLink key="c" code="issuer_is_discovery_url" />, "The Issuer URL ends in /.well-known/openid-configuration. Strip it (the field offers a one-click fix)."],
          ]}
        />
      </section>
    </>
  );
}

function Entra() {
  return (
    <>
      <GuideStep n={1} title="Register the application">
        <ol>
          <li>Microsoft Entra admin center → Identity → Applications → App registrations → New registration.</li>
          <li>Name: JAMS IMES. Supported account types: Accounts in this organizational directory only (single tenant).</li>
          <li>Redirect URI: platform Web, paste the Redirect URI from JAMS IMES's /integrations/sso page. Register.</li>
        </ol>
      </GuideStep>
      <GuideStep n={2} title="Add the email claim">
        <p>
          Token configuration → Add optional claim → ID → <code>email</code>. Entra ID does not send <code>email_verified</code>, so JAMS IMES
          turns off “Require verified email” for Entra (Advanced settings).
        </p>
      </GuideStep>
      <GuideStep n={3} title="Capture the credentials">
        <ul>
          <li>
            <b>Client ID</b>: Overview → Application (client) ID.
          </li>
          <li>
            <b>Client Secret</b>: Certificates &amp; secrets → New client secret → copy the <i>Value</i> (not the Secret ID).
          </li>
          <li>
            <b>Issuer URL</b>: <code>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0</code> with your Directory (tenant) ID from
            Overview — not “common” or “organizations”.
          </li>
        </ul>
      </GuideStep>
      <GuideStep n={4} title="Choose who can sign in">
        <p>Enterprise applications → JAMS IMES → Properties → Assignment required = Yes, then add people or groups under Users and groups.</p>
      </GuideStep>
      <JamsSteps
        provider="Microsoft Entra ID"
        issuer={<code>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0</code>}
        claimsNote="leave defaults (email, name) once the optional email claim is added"
      />
    </>
  );
}

function Google() {
  return (
    <>
      <GuideStep n={1} title="Create the OAuth client">
        <ol>
          <li>Google Cloud Console → APIs &amp; Services → OAuth consent screen → User type: Internal (only your Workspace users).</li>
          <li>Credentials → Create credentials → OAuth client ID → Application type: Web application.</li>
          <li>Authorized redirect URIs: paste the Redirect URI from JAMS IMES's /integrations/sso page. Create.</li>
        </ol>
      </GuideStep>
      <GuideStep n={2} title="Scopes">
        <p>
          No extra scopes are needed: <code>{DEFAULT_SCOPES}</code> is what JAMS IMES asks for.
        </p>
      </GuideStep>
      <GuideStep n={3} title="Capture the credentials">
        <ul>
          <li>
            <b>Client ID</b> and <b>Client Secret</b> from the dialog shown after Create (also under Credentials).
          </li>
          <li>
            <b>Issuer URL</b> is the same for every Google customer: <code>https://accounts.google.com</code> (JAMS IMES fills it in).
          </li>
        </ul>
      </GuideStep>
      <GuideStep n={4} title="Choose who can sign in">
        <p>With an Internal consent screen, every user of your Workspace can sign in; JAMS IMES still only admits invited users.</p>
      </GuideStep>
      <JamsSteps provider="Google Workspace" issuer={<code>https://accounts.google.com</code>} claimsNote="leave defaults — Google uses the standard names" />
    </>
  );
}

export const GUIDES: readonly Guide[] = [
  { id: "okta", name: "Okta", minutes: 10, body: Okta },
  { id: "entra", name: "Microsoft Entra ID", minutes: 10, body: Entra },
  { id: "google", name: "Google Workspace", minutes: 5, body: Google },
];
