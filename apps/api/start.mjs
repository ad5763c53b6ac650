/* global URL, console, process */
// `pnpm start`: runs the compiled server with plain node. Building is `pnpm build`'s job, never
// done at start, so a missing build fails here with the fix rather than with a module error.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const main = new URL("./dist/app/main.js", import.meta.url);
if (!existsSync(main)) {
  console.error("The API is not built (apps/api/dist/app/main.js is missing). Run `pnpm build` first.");
  process.exit(2);
}
const webDist = process.env.WEB_DIST_DIR;
if (webDist && !existsSync(join(resolve(webDist), "index.html"))) {
  console.error(`WEB_DIST_DIR ${webDist} has no index.html. Run \`pnpm build\` first (or unset WEB_DIST_DIR to serve the API alone).`);
  process.exit(2);
}
await import(main.href);
