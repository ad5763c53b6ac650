import { defineConfig } from "tsdown";

/**
 * The production build: `dist/app/main.js`, run with plain `node` (no TypeScript loader).
 * The workspace packages (@jams/db, @jams/oidc, @jams/contract) export TypeScript source, so they are compiled
 * into the output; every npm package stays an import resolved from this package's own
 * `dependencies` at run time (native and wasm packages such as argon2 and PGlite cannot be
 * bundled, and one rule for all keeps the dependency list honest).
 *
 * The chunks live one folder down (`dist/app/`) because @jams/db finds its SQL migrations at
 * `new URL("../migrations", import.meta.url)`: from the bundled chunk that is `dist/migrations`,
 * where the migrations are copied.
 */
export default defineConfig({
  entry: { main: "src/main.ts" },
  outDir: "dist/app",
  format: "esm",
  platform: "node",
  target: "node20.19",
  fixedExtension: false,
  dts: false,
  sourcemap: true,
  clean: ["dist"],
  deps: {
    alwaysBundle: [/^@jams\//],
    neverBundle: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("@jams/") && !id.startsWith("\0"),
  },
  copy: [{ from: "../../packages/db/migrations", to: "dist" }],
});
