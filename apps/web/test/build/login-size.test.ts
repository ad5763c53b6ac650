import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { filesOf, manifest, read, staticClosure } from "./manifest";

/** Issue 11's target: the JavaScript /login needs before it works, gzip-compressed. */
const BUDGET_BYTES = 80 * 1024;

describe("sign-in page size budget", () => {
  it("the JavaScript login.html loads (entry + static imports) is at most 80 KB gzip", () => {
    const files = filesOf(staticClosure("login.html")).filter((file) => file.endsWith(".js"));
    const sizes = files.map((file) => ({ file, gzip: gzipSync(read(file)).length }));
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
    // Deterministic for a given build (zlib's default level), so a plain budget, printed for the record.
    console.log(
      `login.html JavaScript: ${(total / 1024).toFixed(1)} KiB gzip (budget ${BUDGET_BYTES / 1024} KiB)\n` +
        sizes.map(({ file, gzip }) => `  ${file} ${(gzip / 1024).toFixed(1)} KiB`).join("\n"),
    );
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("loads the error texts only when there is an error to show (a lazy chunk, not in the budget above)", () => {
    const entry = manifest["login.html"];
    const lazy = (entry?.dynamicImports ?? []).flatMap((key) => filesOf([key]));
    expect(lazy.map(read).join("\n")).toContain("Email or password is incorrect");
    const eager = filesOf(staticClosure("login.html")).map(read).join("\n");
    expect(eager).not.toContain("Email or password is incorrect");
  });
});
