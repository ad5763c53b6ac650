import { DEFAULT_RETURN_TO, safeReturnTo } from "@jams/contract/return-to";
import { LOGIN_PATH } from "@jams/contract/routes";

/** `/login?returnTo=…` for a page the visitor tried to open while signed out. */
export function loginPathFor(location: { pathname: string; search: string; hash: string }): string {
  const target = `${location.pathname}${location.search}${location.hash}`;
  const safe = safeReturnTo(target);
  if (safe === DEFAULT_RETURN_TO) return LOGIN_PATH;
  return `${LOGIN_PATH}?${new URLSearchParams({ returnTo: safe }).toString()}`;
}
