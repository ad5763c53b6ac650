import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError } from "../../lib/errors";
import { queryClient, trpc } from "../../lib/trpc";
import { AttemptsTable } from "./AttemptsTable";
import { ConnectionForm } from "./ConnectionForm";
import { EnforcementSection } from "./EnforcementSection";
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
      {redirect.isPending ? (
        <Loading />
      ) : redirect.isError ? (
        <ErrorCallout error={describeError(redirect.error)} />
      ) : (
        <div className="copy-row">
          <code className="copy-value" data-testid="redirect-uri">
            {redirect.data.redirectUri}
          </code>
          <CopyButton value={redirect.data.redirectUri} ariaLabel="Copy Redirect URI" />
        </div>
      )}
    </section>
  );
}

export default function SsoSettingsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const connections = useQuery(trpc.sso.list.queryOptions());
  const [notice, setNotice] = useState("");
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

  const invalidateAll = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.sso.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.sso.enforcement.queryKey() }),
    ]);

  const setEnabled = useMutation({
    ...trpc.sso.setEnabled.mutationOptions(),
    onSuccess: async (saved) => {
      setNotice(`${saved.label} is now ${saved.enabled ? "enabled" : "disabled"}.`);
      await invalidateAll();
    },
  });
  const remove = useMutation({
    ...trpc.sso.delete.mutationOptions(),
    onSuccess: async () => {
      const label = toDelete?.label ?? "The connection";
      setToDelete(null);
      setNotice(`${label} was deleted.`);
      if (selectedParam && selectedParam === toDelete?.id) selectParam(null);
      await invalidateAll();
    },
  });
  const testSignIn = useMutation({
    ...trpc.sso.testSignIn.mutationOptions(),
    onSuccess: (result) => window.location.assign(result.redirectUrl),
  });

  const list = connections.data ?? [];
  const selected = selectedParam && selectedParam !== "new" ? (list.find((c) => c.id === selectedParam) ?? null) : null;
  // With no connections yet, the form is the page: the setup guide starts by filling it in.
  const showNewForm = selectedParam === "new" || (connections.isSuccess && list.length === 0);
  const actionError = setEnabled.error ?? testSignIn.error;

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

      <p className="success" role="status">
        {notice}
      </p>
      <div aria-live="assertive">{actionError ? <ErrorCallout error={describeError(actionError)} adminHint="inline" /> : null}</div>

      <section className="card" aria-labelledby="connections-heading">
        <div className="card-header">
          <h2 id="connections-heading">Connections</h2>
          {list.length > 0 && !showNewForm ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setNotice("");
                selectParam("new");
              }}
            >
              Add connection
            </button>
          ) : null}
        </div>
        {connections.isPending ? (
          <Loading />
        ) : connections.isError ? (
          <ErrorCallout error={describeError(connections.error)} />
        ) : list.length === 0 ? (
          <p>No connections yet. Fill in the form below with the values from your identity provider.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Configuration name</th>
                  <th scope="col">Issuer URL</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((connection) => (
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
                          disabled={testSignIn.isPending}
                          onClick={() => testSignIn.mutate({ connectionId: connection.id })}
                        >
                          Test sign-in
                        </button>
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-label={`Edit ${connection.label}`}
                          onClick={() => {
                            setNotice("");
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
              </tbody>
            </table>
          </div>
        )}
      </section>

      {showNewForm || selected ? (
        <section className="card" aria-labelledby="form-heading">
          <h2 id="form-heading">{selected ? `Edit ${selected.label}` : "New connection"}</h2>
          <ConnectionForm
            key={selected?.id ?? "new"}
            connection={selected}
            onCancel={list.length > 0 ? () => selectParam(null) : undefined}
            onSaved={(saved, created) => {
              setNotice(
                created
                  ? `Configuration saved. Next: run Test sign-in for ${saved.label}, then try a real sign-in from /login in a private window.`
                  : "Configuration saved.",
              );
              if (created) selectParam(saved.id);
            }}
          />
        </section>
      ) : null}

      {selected ? <AttemptsTable connectionId={selected.id} label={selected.label} /> : null}

      <EnforcementSection />

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
