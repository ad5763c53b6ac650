import { useState } from "react";
import { AttemptsTable } from "./AttemptsTable";
import { CheckConnectionPanel } from "./CheckConnectionPanel";
import { ConnectionForm } from "./ConnectionForm";
import { ConnectionSummary } from "./ConnectionSummary";
import { EnforcementSection } from "./EnforcementSection";
import { ProviderPicker } from "./ProviderPicker";
import { RedirectUriBox, RedirectUriStepBody } from "./RedirectUriStep";
import { SetupStep } from "./SetupStep";
import { presetById, presetForConnection, type ProviderPreset } from "./presets";
import type { Connection } from "./types";

interface Props {
  /** null while creating a new connection. */
  connection: Connection | null;
  /** Step 2 shows the form (new connection, or Edit) instead of the summary. */
  editing: boolean;
  testBusy: boolean;
  onTest: (connection: Connection) => void;
  onEdit: (connection: Connection) => void;
  onCancel: (() => void) | undefined;
  onSaved: (connection: Connection, created: boolean) => void;
}

function providerName(preset: ProviderPreset): string {
  return preset.id === "generic" ? "your identity provider" : preset.name;
}

/** The guided setup, mirroring the customer setup guide: 1 Redirect URI, 2 credentials, 3 test, 4 enforce. */
export function SetupFlow({ connection, editing, testBusy, onTest, onEdit, onCancel, onSaved }: Props) {
  const [preset, setPreset] = useState<ProviderPreset>(() =>
    connection ? presetForConnection(connection.issuer, connection.label) : presetById("okta"),
  );
  const guide = (anchor: string) => (preset.guide ? `/docs/sso/${preset.guide}#${anchor}` : undefined);
  const guideLabel = (steps: string) => (preset.guide ? `${preset.name} guide, ${steps}` : undefined);
  const name = providerName(preset);
  const saved = connection !== null;

  return (
    <section className="card setup" aria-labelledby="setup-heading">
      <div className="card-header">
        <h2 id="setup-heading">{connection ? (editing ? `Edit ${connection.label}` : `Set up ${connection.label}`) : "New connection"}</h2>
        {preset.guide ? (
          <a className="guide-link" href={`/docs/sso/${preset.guide}`} target="_blank" rel="noreferrer">
            Open the {preset.name} setup guide<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : null}
      </div>
      {!saved ? <ProviderPicker value={preset} onChange={setPreset} /> : null}
      <ol className="setup-steps">
        <SetupStep number={1} title={`Copy the Redirect URI into ${name}`} state={saved && !editing ? "done" : "active"} guideHref={guide("step-1")} guideLabel={guideLabel("steps 1–2")}>
          {saved && !editing ? <RedirectUriBox /> : <RedirectUriStepBody preset={preset} />}
        </SetupStep>
        <SetupStep
          number={2}
          // Not "Issuer URL, Client ID…": the step's name would then also label those fields' region.
          title={`Paste the credentials from ${name}`}
          state={saved && !editing ? "done" : "active"}
          guideHref={guide("step-3")}
          guideLabel={guideLabel("steps 3–5")}
        >
          {connection && !editing ? (
            <ConnectionSummary connection={connection} onEdit={() => onEdit(connection)} />
          ) : (
            <>
              <p className="help">
                The Issuer URL, Client ID and Client Secret of the application you created at {name}
                {preset.id === "okta" ? " (Client ID and Client Secret are on the app's General tab)" : ""}.
              </p>
              <ConnectionForm connection={connection} preset={preset} onSaved={onSaved} onCancel={onCancel} />
            </>
          )}
        </SetupStep>
        <SetupStep
          number={3}
          title="Check and test the connection"
          state={!connection ? "locked" : connection.verifiedAt ? "done" : "active"}
          guideHref={guide("step-6")}
          guideLabel={guideLabel("step 6")}
        >
          {connection ? (
            <div className="stack">
              <CheckConnectionPanel connection={connection} />
              <div className="test-row">
                <button type="button" className="button" aria-label={`Test sign-in with ${connection.label}`} disabled={testBusy} onClick={() => onTest(connection)}>
                  Test sign-in
                </button>
                <p className="help">
                  Signs you in at {name} in this window and shows the claims it sends and the JAMS IMES user they match. Your own session is not
                  changed. Then try a real sign-in from <code>/login</code> in a private window.
                </p>
              </div>
              {!editing ? <AttemptsTable connectionId={connection.id} label={connection.label} /> : null}
            </div>
          ) : (
            <p className="muted">Save the configuration first; then test it here before anyone relies on it.</p>
          )}
        </SetupStep>
        <li className="setup-step setup-step-enforce">
          <span className="setup-step-number" aria-hidden="true">
            4
          </span>
          <div className="setup-step-body">
            <EnforcementSection />
          </div>
        </li>
      </ol>
    </section>
  );
}
