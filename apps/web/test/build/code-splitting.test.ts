import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// test/global-setup.ts has just run `vite build`.
const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, "utf8")) as Manifest;

/** Files the browser loads for a chunk: the chunk plus its static imports, transitively. */
function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(dep, seen);
  return seen;
}

function filesOf(keys: Iterable<string>): string[] {
  return [...keys].map((key) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    return chunk.file;
  });
}

const read = (file: string) => readFileSync(`${dist}${file}`, "utf8");

// Text that only the settings pages (SSO configuration, users) render.
const SETTINGS_ONLY = [
  "Save Configuration",
  "Leave blank to keep the current secret",
  "Client authentication method",
  "Recent sign-in attempts",
  "Claim mappings",
  "Invite user",
];

describe("route-level code splitting", () => {
  it("has an entry and one lazy chunk per page", () => {
    expect(manifest["index.html"]?.isEntry).toBe(true);
    for (const page of ["src/pages/LoginPage.tsx", "src/pages/sso/SsoSettingsPage.tsx", "src/pages/users/UsersPage.tsx"]) {
      expect(manifest[page]?.isDynamicEntry, page).toBe(true);
    }
  });

  it("the login route does not download the settings pages' code", () => {
    const loginKeys = new Set([...staticClosure("index.html"), ...staticClosure("src/pages/LoginPage.tsx")]);
    const loginFiles = filesOf(loginKeys);
    expect(loginFiles.length).toBeGreaterThan(1);
    expect(loginKeys.has("src/pages/sso/SsoSettingsPage.tsx")).toBe(false);
    expect(loginKeys.has("src/pages/users/UsersPage.tsx")).toBe(false);
    const loginCode = loginFiles.map(read).join("\n");
    expect(loginCode).toContain("Continue with");
    for (const text of SETTINGS_ONLY) expect(loginCode, `login bundle contains "${text}"`).not.toContain(text);
  });

  it("the settings strings do live in the settings chunks (so the check above means something)", () => {
    const settingsCode = filesOf([...staticClosure("src/pages/sso/SsoSettingsPage.tsx"), ...staticClosure("src/pages/users/UsersPage.tsx")])
      .map(read)
      .join("\n");
    for (const text of SETTINGS_ONLY) expect(settingsCode, text).toContain(text);
  });

  it("index.html has no inline scripts (CSP script-src 'self')", () => {
    const html = read("index.html");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/https?:\/\//);
  });
});
