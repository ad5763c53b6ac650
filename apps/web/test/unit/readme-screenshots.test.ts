import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

describe("README screenshots", () => {
  it("no test writes into docs/ — only `pnpm screenshots` does", () => {
    const dir = `${root}apps/web/test/browser/`;
    for (const file of readdirSync(dir)) expect(read(`apps/web/test/browser/${file}`), file).not.toMatch(/docs\/screenshots|\.\.\/\.\.\/\.\.\/\.\.\/docs/);
  });

  it("every image the README shows exists and is refreshed by the screenshots command", () => {
    const shown = [...read("README.md").matchAll(/docs\/screenshots\/([\w-]+)\.png/g)].map((m) => m[1] ?? "");
    expect(shown.length).toBeGreaterThan(0);
    const script = read("apps/web/scripts/readme-screenshots.mjs");
    for (const name of shown) {
      expect(existsSync(`${root}docs/screenshots/${name}.png`), name).toBe(true);
      expect(script, name).toContain(`"${name}"`);
    }
  });
});
