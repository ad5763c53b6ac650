#!/usr/bin/env node
// The operator CLI as a bin: run directly (no `pnpm run` wrapper, so no ELIFECYCLE lines and the
// exit code is the CLI's own). tsx's loader runs the TypeScript source, as `pnpm start` does.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
