import type { AppConfig } from "../../config";

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
