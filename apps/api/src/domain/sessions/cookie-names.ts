import type { AppConfig } from "../../config";
import type { CookieJar } from "../context";

/**
 * `__Host-` cookies must be Secure, Path=/ and host-only, so browsers refuse to let a sibling
 * subdomain or an http page plant them. Plain http (local development) cannot use the prefix.
 */
export function sessionCookieName(config: AppConfig): string {
  return config.secureCookies ? "__Host-jams_session" : "jams_session";
}

export function ssoBindingCookieName(config: AppConfig): string {
  return config.secureCookies ? "__Host-jams_sso" : "jams_sso";
}

/**
 * Our session tokens are far shorter; a longer cookie is not ours, so it is never hashed or
 * looked up (an attacker cannot make every request hash a megabyte).
 */
export const MAX_SESSION_COOKIE_LENGTH = 100;

/** The session cookie this browser presented, when it could be one of ours. */
export function presentedSessionToken(config: AppConfig, cookies: CookieJar): string | null {
  const token = cookies.get(sessionCookieName(config));
  return token && token.length <= MAX_SESSION_COOKIE_LENGTH ? token : null;
}
