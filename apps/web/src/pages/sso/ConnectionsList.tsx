import { ProviderLogo } from "../../components/ProviderLogo";
import { DataTable } from "../../components/DataTable";
import { presetForConnection } from "./presets";
import type { Connection } from "./types";

interface Props {
  connections: Connection[];
  selectedId: string | null;
  testBusy: boolean;
  toggleBusy: boolean;
  onSelect: (connection: Connection) => void;
  onTest: (connection: Connection) => void;
  onToggle: (connection: Connection) => void;
  onDelete: (connection: Connection) => void;
}

/** Every connection with its actions; at phone width each row becomes a card (see .table-cards). */
export function ConnectionsList({ connections, selectedId, testBusy, toggleBusy, onSelect, onTest, onToggle, onDelete }: Props) {
  return (
    <DataTable className="table-cards" columns={["Configuration name", "Issuer URL", "Status", { label: "Actions", hidden: true }]}>
      {connections.map((connection) => (
        <tr key={connection.id} aria-current={connection.id === selectedId ? "true" : undefined}>
          <th scope="row">
            <button type="button" className="link-button connection-name" aria-label={`Show ${connection.label}`} onClick={() => onSelect(connection)}>
              <ProviderLogo id={presetForConnection(connection.issuer, connection.label).id} size={22} />
              {connection.label}
            </button>
          </th>
          <td className="break" data-label="Issuer URL">
            <code>{connection.issuer}</code>
          </td>
          <td data-label="Status">
            <span className={connection.enabled ? "status status-succeeded" : "status status-off"}>{connection.enabled ? "Enabled" : "Disabled"}</span>{" "}
            <span className="muted">{connection.verifiedAt ? "Tested" : "Not tested"}</span>
          </td>
          <td>
            <div className="row-actions">
              <button
                type="button"
                className="button button-small"
                aria-label={`Test sign-in with ${connection.label}`}
                disabled={testBusy}
                onClick={() => onTest(connection)}
              >
                Test sign-in
              </button>
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`${connection.enabled ? "Disable" : "Enable"} ${connection.label}`}
                disabled={toggleBusy}
                onClick={() => onToggle(connection)}
              >
                {connection.enabled ? "Disable" : "Enable"}
              </button>
              <button
                type="button"
                className="button button-danger-outline button-small"
                aria-label={`Delete ${connection.label}`}
                onClick={() => onDelete(connection)}
              >
                Delete
              </button>
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
