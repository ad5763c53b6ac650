import { useId } from "react";
import { ProviderLogo } from "../../components/ProviderLogo";
import { PROVIDER_PRESETS, type ProviderPreset } from "./presets";

/** "Which identity provider?" as radio tiles: picks the hints and defaults of the steps below. */
export function ProviderPicker({ value, onChange }: { value: ProviderPreset; onChange: (next: ProviderPreset) => void }) {
  const name = useId();
  return (
    <fieldset className="provider-picker">
      <legend>Identity provider</legend>
      <div className="provider-tiles">
        {PROVIDER_PRESETS.map((preset) => (
          <label key={preset.id} className={preset.id === value.id ? "provider-tile provider-tile-selected" : "provider-tile"}>
            <input type="radio" name={name} value={preset.id} checked={preset.id === value.id} onChange={() => onChange(preset)} />
            <ProviderLogo id={preset.id} />
            <span>{preset.id === "generic" ? "Other (OpenID Connect)" : preset.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
