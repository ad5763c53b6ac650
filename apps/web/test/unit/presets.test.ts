import { describe, expect, it } from "vitest";
import { PROVIDER_PRESETS, applyPreset, initialValuesFor, presetById, presetForConnection, presetForIssuer } from "../../src/pages/sso/presets";

describe("provider presets", () => {
  it("shows the issuer shape customers must enter", () => {
    const shapes = Object.fromEntries(PROVIDER_PRESETS.map((p) => [p.id, p.issuerShape]));
    expect(shapes).toMatchObject({
      okta: "https://<yourorg>.okta.com/oauth2/default",
      entra: "https://login.microsoftonline.com/<tenant-id>/v2.0",
      google: "https://accounts.google.com",
      auth0: "https://<tenant>.auth0.com/",
      onelogin: "https://<subdomain>.onelogin.com/oidc/2",
      keycloak: "https://<host>/realms/<realm>",
    });
  });

  it("defaults match the setup guide (scopes and claim mappings)", () => {
    const okta = initialValuesFor(presetById("okta"));
    expect(okta).toMatchObject({ label: "Okta", scopes: "openid profile email", emailClaim: "email", nameClaim: "name" });
    for (const preset of PROVIDER_PRESETS) expect(preset.scopes.split(" ")).toContain("openid");
  });

  it("recognises existing issuers", () => {
    expect(presetForIssuer("https://acme.okta.com/oauth2/default").id).toBe("okta");
    expect(presetForIssuer("https://login.microsoftonline.com/0000/v2.0").id).toBe("entra");
    expect(presetForIssuer("https://accounts.google.com").id).toBe("google");
    expect(presetForIssuer("https://acme.eu.auth0.com/").id).toBe("auth0");
    expect(presetForIssuer("https://kc.example.com/realms/acme").id).toBe("keycloak");
    expect(presetForIssuer("http://127.0.0.1:4000/oauth2/default").id).toBe("generic");
  });

  it("switching provider keeps what the admin typed", () => {
    const okta = presetById("okta");
    const google = presetById("google");
    const typed = { ...initialValuesFor(okta), label: "Corporate login", clientId: "abc" };
    const switched = applyPreset(typed, okta, google);
    expect(switched).toMatchObject({ label: "Corporate login", clientId: "abc", issuer: "https://accounts.google.com" });
    const untouched = applyPreset(initialValuesFor(okta), okta, google);
    expect(untouched.label).toBe("Google Workspace");
    const back = applyPreset(untouched, google, okta);
    expect(back).toMatchObject({ label: "Okta", issuer: "" });
  });
});

describe("presetForConnection", () => {
  it("falls back to the Configuration name when the issuer is not recognisable", () => {
    expect(presetForConnection("http://127.0.0.1:4000/oauth2/default", "Okta").id).toBe("okta");
    expect(presetForConnection("http://127.0.0.1:4000/oauth2/default", "Corporate").id).toBe("generic");
    expect(presetForConnection("https://accounts.google.com", "Okta").id).toBe("google");
  });
});
