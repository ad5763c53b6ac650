import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { CopyRow } from "../../../components/CopyButton";
import { ErrorCallout } from "../../../components/ErrorCallout";
import { QueryContent } from "../../../components/QueryContent";
import { Time } from "../../../components/Time";
import { describeError } from "../../../lib/errors";
import { queryClient, trpc } from "../../../lib/trpc";
import { ProvisioningGuide } from "./ProvisioningGuide";
import { RoleMappingsForm } from "./RoleMappingsForm";
import { ScimRequestsTable } from "./ScimRequestsTable";

const IDP_LABELS = ["Okta", "Microsoft Entra ID", "OneLogin", "JumpCloud", "Other"] as const;

/**
 * SCIM provisioning: the IdP creates, updates and deactivates users, so nobody is invited by hand.
 * The token is shown once, right after it is generated; only its last four characters stay visible.
 */
export function ProvisioningSection() {
  const provisioning = useQuery(trpc.provisioning.get.queryOptions());
  const [token, setToken] = useState<string | null>(null);
  const [label, setLabel] = useState<string>("Okta");
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const labelId = useId();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.provisioning.get.queryKey() });
  const generate = useMutation({
    ...trpc.provisioning.generateToken.mutationOptions(),
    onSuccess: async (result) => {
      setToken(result.token);
      await refresh();
    },
  });
  const revoke = useMutation({
    ...trpc.provisioning.revokeToken.mutationOptions(),
    onSuccess: async () => {
      setToken(null);
      setConfirmRevoke(false);
      await refresh();
      await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    },
  });

  return (
    <section className="card stack" aria-labelledby="provisioning-heading">
      <h2 id="provisioning-heading">Provisioning</h2>
      <p>
        Let your identity provider create, update and deactivate users over SCIM 2.0: nobody needs an invitation, and someone
        deactivated at the identity provider is signed out here at once.
      </p>
      <QueryContent query={provisioning}>
        {(data) => (
          <div className="stack">
            <div className="field">
              <span className="field-label">SCIM base URL</span>
              <CopyRow value={data.baseUrl} testId="scim-base-url" ariaLabel="Copy SCIM base URL" />
            </div>

            {token ? (
              <div className="callout callout-success" role="status">
                <p>
                  <strong>Copy this token now.</strong> It is shown only once; paste it into your identity provider as the API token
                  (bearer token).
                </p>
                <CopyRow value={token} testId="scim-token" ariaLabel="Copy SCIM token" />
              </div>
            ) : null}

            {data.active && data.directory ? (
              <p data-testid="scim-status">
                Provisioning is on for <strong>{data.directory.label}</strong> with a token ending in <code>…{data.directory.tokenLast4}</code>
                {data.directory.tokenCreatedAt ? (
                  <>
                    {" "}
                    (created <Time value={data.directory.tokenCreatedAt} />)
                  </>
                ) : null}
                . Last request: {data.directory.lastRequestAt ? <Time value={data.directory.lastRequestAt} /> : "none yet"}.
              </p>
            ) : (
              <p data-testid="scim-status">Provisioning is off: no token is active.</p>
            )}

            <div className="grid-3">
              <div className="field">
                <label htmlFor={labelId}>Identity provider</label>
                <select id={labelId} value={label} onChange={(e) => setLabel(e.target.value)}>
                  {IDP_LABELS.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="actions">
              <button type="button" className="button" disabled={generate.isPending} onClick={() => generate.mutate({ label })}>
                {data.active ? "Rotate token" : "Generate token"}
              </button>
              {data.active ? (
                <button type="button" className="button button-danger-outline" onClick={() => setConfirmRevoke(true)}>
                  Revoke token
                </button>
              ) : null}
            </div>
            {data.active ? <p className="muted">Rotating stops the current token at once: paste the new one into your identity provider.</p> : null}
            <div aria-live="assertive">{generate.error ? <ErrorCallout error={describeError(generate.error)} /> : null}</div>

            <RoleMappingsForm mappings={data.mappings} />
          </div>
        )}
      </QueryContent>

      <ScimRequestsTable />
      <ProvisioningGuide />

      <ConfirmDialog
        open={confirmRevoke}
        title="Revoke the provisioning token?"
        confirmLabel="Revoke token"
        danger
        busy={revoke.isPending}
        onCancel={() => {
          setConfirmRevoke(false);
          revoke.reset();
        }}
        onConfirm={() => revoke.mutate()}
      >
        <p>
          Your identity provider can no longer create, update or deactivate users. Users it provisioned stay, and become managed by hand
          on the Users page.
        </p>
        {revoke.error ? <ErrorCallout error={describeError(revoke.error)} /> : null}
      </ConfirmDialog>
    </section>
  );
}
