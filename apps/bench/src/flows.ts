import { performance } from "node:perf_hooks";
import { CookieJar, signInWithoutBrowser } from "@jams/dev-idp/testing";

/**
 * The SPA's sign-in path over HTTP, leg by leg, as a browser does it: `auth.discover`,
 * `auth.startSso`, the IdP's authorize endpoint (a returning user: the IdP's session cookie
 * sends it straight back), `GET /auth/sso/callback`, then `auth.me` with the new session.
 */
export const LEGS = ["discover", "startSso", "idp", "callback", "me"] as const;
export type Leg = (typeof LEGS)[number];

export interface Target {
  apiUrl: string;
  publicUrl: string;
  redirectUri: string;
}

export interface VirtualUser {
  email: string;
  password: string;
  /** Behind the reverse proxy each user has their own address (X-Forwarded-For). */
  address: string;
  /** The IdP's cookies: after the first sign-in, the IdP session of a returning user. */
  idpJar: CookieJar;
  /** The API's cookies of the last completed sign-in (auth.me alone reuses the session). */
  apiJar: CookieJar;
}

export class SignInError extends Error {
  constructor(
    readonly leg: Leg,
    readonly reason: string,
  ) {
    super(`${leg}: ${reason}`);
  }
}

async function call(target: Target, user: VirtualUser, jar: CookieJar, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-forwarded-for", user.address);
  const cookie = jar.header();
  if (cookie) headers.set("cookie", cookie);
  const response = await fetch(`${target.apiUrl}${path}`, { ...init, headers, redirect: "manual" });
  jar.store(response);
  return response;
}

async function trpc<T>(leg: Leg, target: Target, user: VirtualUser, jar: CookieJar, path: string, input: unknown, method: "POST" | "GET"): Promise<T> {
  const response =
    method === "POST"
      ? await call(target, user, jar, `/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: target.publicUrl },
          body: JSON.stringify(input),
        })
      : await call(target, user, jar, `/trpc/${path}`);
  const body = (await response.json()) as { result?: { data: T }; error?: { data?: { appCode?: string } } };
  if (!body.result) throw new SignInError(leg, `HTTP ${response.status} ${body.error?.data?.appCode ?? ""}`.trim());
  return body.result.data;
}

export async function discover(target: Target, user: VirtualUser, jar: CookieJar): Promise<string> {
  const found = await trpc<{ sso: { connectionId: string }[] }>("discover", target, user, jar, "auth.discover", { email: user.email }, "POST");
  const connectionId = found.sso[0]?.connectionId;
  if (!connectionId) throw new SignInError("discover", "no SSO connection offered");
  return connectionId;
}

export async function me(target: Target, user: VirtualUser, jar: CookieJar): Promise<void> {
  const result = await trpc<{ user?: { email?: string } } | null>("me", target, user, jar, "auth.me", undefined, "GET");
  if (result?.user?.email !== user.email) throw new SignInError("me", "not signed in as the user");
}

export async function startSso(target: Target, user: VirtualUser, jar: CookieJar, connectionId: string): Promise<string> {
  const started = await trpc<{ redirectUrl: string }>("startSso", target, user, jar, "auth.startSso", { connectionId, email: user.email }, "POST");
  return started.redirectUrl;
}

/** The browser at the IdP: a returning user is redirected straight back; a first visit fills the form. */
export function authorizeAtIdp(target: Target, user: VirtualUser, authorizationUrl: string, firstVisit = false): Promise<URL> {
  return signInWithoutBrowser({
    authorizationUrl,
    email: user.email,
    password: user.password,
    redirectUri: target.redirectUri,
    jar: user.idpJar,
    maxSteps: firstVisit ? 12 : 4,
  }).catch((error: unknown) => {
    throw new SignInError("idp", error instanceof Error ? error.message : "failed");
  });
}

export async function deliverCallback(target: Target, user: VirtualUser, jar: CookieJar, callbackUrl: URL): Promise<void> {
  const callback = await call(target, user, jar, `${callbackUrl.pathname}${callbackUrl.search}`);
  await callback.body?.cancel();
  const location = callback.headers.get("location") ?? "";
  if (callback.status !== 303 || location.includes("error=")) throw new SignInError("callback", `HTTP ${callback.status} ${location.slice(0, 80)}`);
}

/** One whole sign-in in a fresh browser session; returns each leg's milliseconds. */
export async function signIn(target: Target, user: VirtualUser, options: { firstVisit?: boolean } = {}): Promise<Record<Leg, number>> {
  const jar = new CookieJar();
  const times = {} as Record<Leg, number>;
  let t = performance.now();
  const lap = (leg: Leg) => {
    const now = performance.now();
    times[leg] = now - t;
    t = now;
  };
  const connectionId = await discover(target, user, jar);
  lap("discover");
  const authorizationUrl = await startSso(target, user, jar, connectionId);
  lap("startSso");
  const callbackUrl = await authorizeAtIdp(target, user, authorizationUrl, options.firstVisit);
  lap("idp");
  await deliverCallback(target, user, jar, callbackUrl);
  lap("callback");
  await me(target, user, jar);
  lap("me");
  user.apiJar = jar;
  return times;
}
