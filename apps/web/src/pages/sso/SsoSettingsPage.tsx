import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { DataTable } from "../../components/DataTable";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Notice, useNotice } from "../../components/Notice";
import { PageHeading } from "../../components/PageHeading";
import { QueryContent } from "../../components/QueryContent";
import { describeError } from "../../lib/errors";
import { invalidateSsoQueries } from "../../lib/sso-queries";
import { trpc } from "../../lib/trpc";
import { AttemptsTable } from "./AttemptsTable";
import { CheckConnectionPanel, useCheckConnection } from "./CheckConnectionPanel";
import { ConnectionForm } from "./ConnectionForm";
import { EnforcementSection } from "./EnforcementSection";
import { ProvisioningSection } from "./provisioning/ProvisioningSection";
import { TestResultPanel } from "./TestResultPanel";
import type { Connection } from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function RedirectUriSection() {
  const redirect = useQuery(trpc.sso.redirectUri.queryOptions());
  return (
    <section className="card" aria-labelledby="redirect-uri-heading">
      <h2 id="redirect-uri-heading">Redirect URI</h2>
      <p>
        Register this exact URL at your identity provider (Okta calls it <em>Sign-in redirect URIs</em>). It must match character for
        character, including https and the absence of a trailing slash.
      </p>
      <QueryContent query={redirect}>
        {({ redirectUri }) => (
          <div className="copy-row">
            <code className="copy-value" data-testid="redirect-uri">
              {redirectUri}
            </code>
            <CopyButton value={redirectUri} ariaLabel="Copy Redirect URI" />
          </div>
        )}
      </QueryContent>
    </section>
  );
}

export default function SsoSettingsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const connections = useQuery(trpc.sso.list.queryOptions());
  const { notice, show: setNotice, clear: clearNotice } = useNotice();
  const [toDelete, setToDelete] = useState<Connection | null>(null);

  const testParam = searchParams.get("test");
  const testAttemptId = testParam && UUID.test(testParam) ? testParam : null;
  // ?connection=<id> edits one connection; ?connection=new shows an empty form.
  const selectedParam = searchParams.get("connection");

  const selectParam = (value: string | null) => {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete("connection");
        else next.set("connection", value);
        return next;
      },
      { replace: false },
    );
  };

  const setEnabled = useMutation({
    ...trpc.sso.setEnabled.mutationOptions(),
    onSuccess: async (saved) => {
      setNotice(`${saved.label} is now ${saved.enabled ? "enabled" : "disabled"}.`);
      await invalidateSsoQueries();
    },
  });
  const remove = useMutation({
    ...trpc.sso.delete.mutationOptions(),
    onSuccess: async () => {
      const label = toDelete?.label ?? "The connection";
      setToDelete(null);
      if (selectedParam && selectedParam === toDelete?.id) selectParam(null);
      await invalidateSsoQueries();
      // Its row (and the Delete button that had focus) is gone: focus the outcome instead.
      setNotice(`${label} was deleted.`, true);
    },
  });
  const checkConnection = useCheckConnection();
  const testSignIn = useMutation({
    ...trpc.sso.testSignIn.mutationOptions(),
    onSuccess: (result) => window.location.assign(result.redirectUrl),
  });

  const list = connections.data ?? [];
  const selected = selectedParam && selectedParam !== "new" ? (list.find((c) => c.id === selectedParam) ?? null) : null;
  // With no connections yet, the form is the page: the setup guide starts by filling it in.
  const showNewForm = selectedParam === "new" || (connections.isSuccess && list.length === 0);
  const actionError = setEnabled.error ?? testSignIn.error ?? checkConnection.error;

  return (
    <div className="page stack">
      <PageHeading title="Single sign-on">Single sign-on</PageHeading>
      <p className="lead">
        Let your organisation sign in with its identity provider (Okta, Microsoft Entra ID, Google Workspace, …) over OpenID Connect.
        Users must be <Link to="/users">invited</Link> before they can sign in — accounts are not created automatically.
      </p>

      {testAttemptId ? (
        <TestResultPanel
          attemptId={testAttemptId}
          onDismiss={() =>
            setSearchParams((current) => {
              const next = new URLSearchParams(current);
              next.delete("test");
              return next;
            })
          }
        />
      ) : null}

      <RedirectUriSection />

      <Notice notice={notice} />
      <div aria-live="assertive">{actionError ? <ErrorCallout error={describeError(actionError)} adminHint="inline" /> : null}</div>

      <section className="card" aria-labelledby="connections-heading">
        <div className="card-header">
          <h2 id="connections-heading">Connections</h2>
          {list.length > 0 && !showNewForm ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                clearNotice();
                selectParam("new");
              }}
            >
              Add connection
            </button>
          ) : null}
        </div>
        <QueryContent
          query={connections}
          isEmpty={(data) => data.length === 0}
          empty={<p>No connections yet. Fill in the form below with the values from your identity provider.</p>}
        >
          {(data) => (
            <DataTable columns={["Configuration name", "Issuer URL", "Status", { label: "Actions", hidden: true }]}>
              {data.map((connection) => (
                <tr key={connection.id} aria-current={connection.id === selected?.id ? "true" : undefined}>
                  <th scope="row">{connection.label}</th>
                  <td className="break">
                    <code>{connection.issuer}</code>
                  </td>
                  <td>
                    <span className={connection.enabled ? "status status-succeeded" : "status status-off"}>
                      {connection.enabled ? "Enabled" : "Disabled"}
                    </span>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Test sign-in with ${connection.label}`}
                        // Stays disabled once the redirect to the identity provider has started.
                        disabled={testSignIn.isPending || testSignIn.isSuccess}
                        onClick={() => testSignIn.mutate({ connectionId: connection.id })}
                      >
                        Test sign-in
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Check connection ${connection.label}`}
                        disabled={checkConnection.isPending}
                        onClick={() => {
                          selectParam(connection.id);
                          checkConnection.mutate({ connectionId: connection.id });
                        }}
                      >
                        Check connection
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Edit ${connection.label}`}
                        onClick={() => {
                          clearNotice();
                          selectParam(connection.id);
                        }}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`${connection.enabled ? "Disable" : "Enable"} ${connection.label}`}
                        disabled={setEnabled.isPending}
                        onClick={() => setEnabled.mutate({ connectionId: connection.id, enabled: !connection.enabled })}
                      >
                        {connection.enabled ? "Disable" : "Enable"}
                      </button>
                      <button
                        type="button"
                        className="button button-danger-outline button-small"
                        aria-label={`Delete ${connection.label}`}
                        onClick={() => setToDelete(connection)}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryContent>
      </section>

      {showNewForm || selected ? (
        <section className="card" aria-labelledby="form-heading">
          <h2 id="form-heading">{selected ? `Edit ${selected.label}` : "New connection"}</h2>
          <ConnectionForm
            key={selected?.id ?? "new"}
            connection={selected}
            onCancel={list.length > 0 ? () => selectParam(null) : undefined}
            onSaved={(saved, created) => {
              // A new connection re-mounts the form (it becomes "Edit …"), which would drop focus:
              // move it to the message, which also says what to do next.
              setNotice(
                created
                  ? `Configuration saved. Next: run Test sign-in for ${saved.label}, then try a real sign-in from /login in a private window.`
                  : "Configuration saved.",
                created,
              );
              if (created) selectParam(saved.id);
            }}
          />
        </section>
      ) : null}

      {selected ? <CheckConnectionPanel connection={selected} /> : null}

      {selected ? <AttemptsTable connectionId={selected.id} label={selected.label} /> : null}

      <EnforcementSection />

      <ProvisioningSection />

      <ConfirmDialog
        open={toDelete !== null}
        title={`Delete ${toDelete?.label ?? "connection"}?`}
        confirmLabel="Delete connection"
        danger
        busy={remove.isPending}
        onCancel={() => {
          setToDelete(null);
          remove.reset();
        }}
        onConfirm={() => toDelete && remove.mutate({ connectionId: toDelete.id })}
      >
        <p>
          People will no longer be able to sign in with “{toDelete?.label}”, and identities linked through it are unlinked. This cannot be
          undone.
        </p>
        {remove.error ? <ErrorCallout error={describeError(remove.error)} /> : null}
      </ConfirmDialog>
    </div>
  );
}
