/**
 * Drives the dev IdP's sign-in page without a browser: plain fetch, a cookie jar, manual
 * redirects, and form fields found through their <label for> (like a browser test would).
 * Returns the URL the IdP finally redirects to (the relying party's redirect URI + params).
 */

export interface BrowserlessSignInOptions {
  authorizationUrl: string;
  email: string;
  password: string;
  /** Stop when a redirect points here (prefix match). */
  redirectUri: string;
  maxSteps?: number;
  /** The IdP's cookies to start from and keep (a returning user's session); a fresh jar by default. */
  jar?: CookieJar;
}

/** What a browser keeps from Set-Cookie headers: enough for tests that follow redirects by hand. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** Finds the input labelled `label` and returns its name attribute. */
function fieldNameByLabel(html: string, label: string): string {
  const labelMatch = new RegExp(`<label[^>]*for="([^"]+)"[^>]*>\\s*${label}\\s*</label>`, "i").exec(html);
  if (!labelMatch) throw new Error(`no <label> "${label}" on page`);
  const input = new RegExp(`<input[^>]*id="${labelMatch[1]}"[^>]*>`, "i").exec(html)?.[0];
  const name = input ? /name="([^"]+)"/.exec(input)?.[1] : undefined;
  if (!name) throw new Error(`label "${label}" does not point at a named input`);
  return name;
}

export async function signInWithoutBrowser(opts: BrowserlessSignInOptions): Promise<URL> {
  const jar = opts.jar ?? new CookieJar();
  let next: { url: string; init: RequestInit } = { url: opts.authorizationUrl, init: { method: "GET" } };
  for (let step = 0; step < (opts.maxSteps ?? 12); step++) {
    const res = await fetch(next.url, { ...next.init, redirect: "manual", headers: { ...(next.init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const target = new URL(location, next.url);
      if (target.href.startsWith(opts.redirectUri)) return target;
      next = { url: target.href, init: { method: "GET" } };
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/i.exec(html)?.[1];
    if (res.status !== 200 || !action || !/<button[^>]*type="submit"[^>]*>\s*Sign in\s*</i.test(html)) {
      throw new Error(`unexpected page (HTTP ${res.status}) at ${next.url}`);
    }
    const form = new URLSearchParams();
    form.set(fieldNameByLabel(html, "Email"), opts.email);
    form.set(fieldNameByLabel(html, "Password"), opts.password);
    next = {
      url: new URL(decode(action), next.url).href,
      init: { method: "POST", body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } },
    };
  }
  throw new Error("too many steps without reaching the redirect URI");
}
