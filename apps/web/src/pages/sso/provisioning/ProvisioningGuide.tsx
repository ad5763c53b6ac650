/** Which value goes into which field at the two big identity providers (docs/provisioning.md has the long version). */
export function ProvisioningGuide() {
  return (
    <details className="stack">
      <summary>Set up at Okta or Microsoft Entra ID</summary>
      <h3>Okta</h3>
      <ol>
        <li>
          In your app integration, <strong>General</strong> → <strong>App Settings</strong> → <strong>Edit</strong>: select{" "}
          <strong>SCIM</strong> as the provisioning method and save.
        </li>
        <li>
          <strong>Provisioning</strong> → <strong>Integration</strong>: paste the SCIM base URL into <strong>SCIM connector base URL</strong>,
          enter <code>email</code> as <strong>Unique identifier field for users</strong>, tick <strong>Push New Users</strong>,{" "}
          <strong>Push Profile Updates</strong> and <strong>Push Groups</strong>, choose <strong>HTTP Header</strong> as{" "}
          <strong>Authentication Mode</strong> and paste the token as <strong>Authorization</strong> (Bearer). Test and save.
        </li>
        <li>
          <strong>Provisioning</strong> → <strong>To App</strong>: enable <strong>Create Users</strong>, <strong>Update User Attributes</strong>{" "}
          and <strong>Deactivate Users</strong>. Then assign people and push groups.
        </li>
      </ol>
      <h3>Microsoft Entra ID</h3>
      <ol>
        <li>
          Enterprise application → <strong>Provisioning</strong> → <strong>Get started</strong> → <strong>Provisioning Mode</strong>:{" "}
          <strong>Automatic</strong>.
        </li>
        <li>
          <strong>Admin Credentials</strong>: paste the SCIM base URL into <strong>Tenant URL</strong> and the token into{" "}
          <strong>Secret Token</strong>; <strong>Test Connection</strong>, then save.
        </li>
        <li>
          <strong>Mappings</strong>: keep <code>userPrincipalName → userName</code> (it must be the email address),{" "}
          <code>mail → emails[type eq &quot;work&quot;].value</code> and <code>Switch([IsSoftDeleted]…) → active</code>. Set the scope and{" "}
          <strong>Start provisioning</strong>.
        </li>
      </ol>
    </details>
  );
}
