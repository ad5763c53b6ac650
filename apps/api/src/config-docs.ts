import { ENV_VARS } from "./config";

export const ENV_TABLE_START = "<!-- env-table:start -->";
export const ENV_TABLE_END = "<!-- env-table:end -->";

/** The README's configuration table; test/config.test.ts fails when the README drifts. */
export function renderEnvTable(): string {
  const rows = ENV_VARS.map((v) => {
    const fallback = v.default === "" ? "—" : `\`${v.default}\``;
    return `| \`${v.name}\` | ${fallback} | ${v.requiredInProduction ? "yes" : "no"} | ${v.description} |`;
  });
  return ["| Variable | Default | Required in production | Meaning |", "|---|---|---|---|", ...rows].join("\n");
}
