import type { AppDeps } from "../../src/domain/deps";
import { TestBrowser } from "./browser";
import { insertSession, MemoryCookieJar } from "./callers";

/** A TestBrowser carrying a real session cookie for `user`, so admin procedures run over HTTP. */
export async function signedInBrowser(deps: AppDeps, apiUrl: string, user: { id: string; organizationId: string }): Promise<TestBrowser> {
  const cookies = new MemoryCookieJar();
  await insertSession(deps, cookies, { userId: user.id, organizationId: user.organizationId, method: "password" });
  const browser = new TestBrowser(apiUrl, deps.config.publicUrl);
  for (const [name, value] of cookies.values) browser.cookies.set(name, value);
  return browser;
}
