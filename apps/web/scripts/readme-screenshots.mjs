/* global URL, console, process */
// `pnpm screenshots`: after the browser test has written test-results/screenshots/ (ignored by
// git), copy the README's screens into docs/screenshots/. `pnpm test` never touches tracked files.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));
const target = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
export const README_SCREENSHOTS = ["sso-setup-new", "sso-settings-summary", "sso-test-result", "audit-log", "login-continue-with-okta-375", "sso-setup-375"];

mkdirSync(target, { recursive: true });
const missing = README_SCREENSHOTS.filter((name) => !existsSync(`${source}${name}.png`));
if (missing.length > 0) {
  console.error(`Missing screenshots (run the browser test first): ${missing.join(", ")}`);
  process.exit(1);
}
for (const name of README_SCREENSHOTS) copyFileSync(`${source}${name}.png`, `${target}${name}.png`);
console.log(`Copied ${README_SCREENSHOTS.length} screenshots into docs/screenshots/.`);
