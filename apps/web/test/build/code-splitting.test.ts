import { describe, expect, it } from "vitest";
import { filesOf, manifest, read, staticClosure } from "./manifest";

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
  it("has the SPA and the sign-in page as entries, and one lazy chunk per SPA page", () => {
    expect(manifest["index.html"]?.isEntry).toBe(true);
    expect(manifest["login.html"]?.isEntry).toBe(true);
    for (const page of ["src/pages/sso/SsoSettingsPage.tsx", "src/pages/users/UsersPage.tsx", "src/pages/InvitePage.tsx"]) {
      expect(manifest[page]?.isDynamicEntry, page).toBe(true);
    }
  });

  it("the sign-in page does not download the settings pages' code", () => {
    const loginKeys = staticClosure("login.html");
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

  it("the SPA no longer carries the sign-in page (it is login.html's)", () => {
    const spaCode = filesOf(Object.keys(manifest).filter((key) => key !== "login.html" && !key.startsWith("src/login/")))
      .map(read)
      .join("\n");
    expect(spaCode).not.toContain("Use a different email");
  });

  it.each(["index.html", "login.html"])("%s has no inline scripts (CSP script-src 'self')", (page) => {
    const html = read(page);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/https?:\/\//);
  });
});
