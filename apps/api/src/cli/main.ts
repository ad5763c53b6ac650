/** Process entry of the `jams` bin: configuration problems and crashes become one clear message. */
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig } from "../config";
import { runCli } from "./index";

// Relative paths (PGLITE_DATA_DIR) resolve from apps/api, like `pnpm dev` and `pnpm start`, whatever
// folder the operator runs `pnpm jams` from.
const API_ROOT = fileURLToPath(new URL("../..", import.meta.url));

try {
  process.exitCode = await runCli(process.argv.slice(2), () => loadConfig(process.env, API_ROOT), (line) => console.log(line));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `jams failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
