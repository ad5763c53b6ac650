import { TEST_RESULT_PARAM } from "@jams/contract/routes";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Notice, useNotice } from "../../components/Notice";
import { PageHeading } from "../../components/PageHeading";
import { QueryContent } from "../../components/QueryContent";
import { describeError } from "../../lib/errors";
import { invalidateSsoQueries } from "../../lib/sso-queries";
import { trpc } from "../../lib/trpc";
import { ConnectionsList } from "./ConnectionsList";
import { ProvisioningSection } from "./provisioning/ProvisioningSection";
import { SetupFlow } from "./SetupFlow";
import { TestResultPanel } from "./TestResultPanel";
import type { Connection } from "./types";
import { useConnectionActions } from "./use-connection-actions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * /integrations/sso — the connections, then the guided setup of one of them:
 * ?connection=new, ?connection=<id> (summary, test, enforce) and ?connection=<id>&edit=1.
 */
export default function SsoSettingsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const connections = useQuery(trpc.sso.list.queryOptions());
  const { notice, show: setNotice, clear: clearNotice } = useNotice();
  const [toDelete, setToDelete] = useState<Connection | null>(null);

  const testParam = searchParams.get(TEST_RESULT_PARAM);
  const testAttemptId = testParam && UUID.test(testParam) ? testParam : null;
  const selectedParam = searchParams.get("connection");
  const editing = searchParams.get("edit") === "1";

  const navigateTo = (connection: string | null, edit = false) => {
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      if (connection === null) next.delete("connection");
      else next.set("connection", connection);
      if (edit) next.set("edit", "1");
      else next.delete("edit");
      return next;
    });
  };

  const { setEnabled, remove, testSignIn } = useConnectionActions({
    onToggled: (label, enabled) => setNotice(`${label} is now ${enabled ? "enabled" : "disabled"}.`),
    onDeleted: async () => {
      const label = toDelete?.label ?? "The connection";
      const wasSelected = toDelete?.id === selected?.id;
      setToDelete(null);
      if (wasSelected) navigateTo(null);
      await invalidateSsoQueries();
      // Its row (and the Delete button that had focus) is gone: focus the outcome instead.
      setNotice(`${label} was deleted.`, true);
    },
  });

  const list = connections.data ?? [];
  const creating = selectedParam === "new" || (connections.isSuccess && list.length === 0);
  // With one connection there is nothing to choose: its setup is the page.
  const selected = creating
    ? null
    : selectedParam
      ? (list.find((c) => c.id === selectedParam) ?? null)
      : list.length === 1
        ? (list[0] ?? null)
        : null;
  const actionError = setEnabled.error ?? testSignIn.error;
  const testBusy = testSignIn.isPending || testSignIn.isSuccess;

  return (
    <div className="page stack">
      <PageHeading title="Single sign-on">Single sign-on</PageHeading>
      <p className="lead">
        Let your organisation sign in with its identity provider (Okta, Microsoft Entra ID, Google Workspace, …) over OpenID Connect, in
        four steps. Users must be <Link to="/users">invited</Link> first — accounts are not created automatically.
      </p>

      {testAttemptId ? (
        <TestResultPanel
          attemptId={testAttemptId}
          onDismiss={() =>
            setSearchParams((current) => {
              const next = new URLSearchParams(current);
              next.delete(TEST_RESULT_PARAM);
              return next;
            })
          }
        />
      ) : null}

      <Notice notice={notice} />
      <div aria-live="assertive">{actionError ? <ErrorCallout error={describeError(actionError)} adminHint="inline" /> : null}</div>

      {list.length > 0 ? (
        <section className="card" aria-labelledby="connections-heading">
          <div className="card-header">
            <h2 id="connections-heading">Connections</h2>
            {!creating ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  clearNotice();
                  navigateTo("new");
                }}
              >
                Add connection
              </button>
            ) : null}
          </div>
          <ConnectionsList
            connections={list}
            selectedId={selected?.id ?? null}
            testBusy={testBusy}
            toggleBusy={setEnabled.isPending}
            onSelect={(c) => {
              clearNotice();
              navigateTo(c.id);
            }}
            onTest={(c) => testSignIn.mutate({ connectionId: c.id })}
            onToggle={(c) => setEnabled.mutate({ connectionId: c.id, enabled: !c.enabled })}
            onDelete={setToDelete}
          />
        </section>
      ) : null}

      <QueryContent query={connections}>
        {() =>
          creating || selected ? (
            <SetupFlow
              key={`${selected?.id ?? "new"}:${editing ? "edit" : "view"}`}
              connection={selected}
              editing={creating || editing}
              testBusy={testBusy}
              onTest={(c) => testSignIn.mutate({ connectionId: c.id })}
              onEdit={(c) => {
                clearNotice();
                navigateTo(c.id, true);
              }}
              onCancel={list.length > 0 ? () => navigateTo(selected?.id ?? null) : undefined}
              onSaved={(saved, created) => {
                // The form closes into the summary, which would drop focus: move it to the message,
                // which also says what to do next.
                setNotice(
                  created
                    ? `Configuration saved. Next: step 3 — run Test sign-in for ${saved.label}, then try a real sign-in from /login in a private window.`
                    : "Configuration saved.",
                  true,
                );
                // Check connection ran on Save: when it found a wrong setting, the form stays open with
                // the fix under that field instead of closing into a summary that hides it.
                navigateTo(saved.id, saved.lastCheck?.status === "problems");
              }}
            />
          ) : (
            <p className="muted">Choose a connection above to see its setup, test it or edit it.</p>
          )
        }
      </QueryContent>

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
        {remove.error ? <ErrorCallout error={describeError(remove.error)} adminHint="inline" /> : null}
      </ConfirmDialog>
    </div>
  );
}
