import type { Harness } from "./sso-harness";
import { signedInCaller } from "./callers";

/** Generates the organisation's SCIM token through the admin procedure, as the SSO page does. */
export async function provisioningToken(harness: Harness, admin: { id: string; organizationId: string }, label = "Okta"): Promise<string> {
  const { caller } = await signedInCaller(harness.api.deps, admin);
  return (await caller.provisioning.generateToken({ label })).token;
}

/** Encodes query values the way IdPs do (filter=userName%20eq%20%22…%22); fixtures keep them readable. */
export function encodePath(path: string): string {
  const [pathname, query] = path.split(/\?(.*)/s, 2);
  if (!query) return pathname ?? path;
  const encoded = query
    .split("&")
    .map((pair) => {
      const at = pair.indexOf("=");
      return at === -1 ? pair : `${pair.slice(0, at)}=${encodeURIComponent(pair.slice(at + 1))}`;
    })
    .join("&");
  return `${pathname}?${encoded}`;
}

export interface ScimResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function scimRequest(
  harness: Harness,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ScimResponse> {
  const res = await fetch(`${harness.api.url}/scim/v2${encodePath(path)}`, {
    method,
    headers: {
      accept: "application/scim+json",
      ...(body !== undefined ? { "content-type": "application/scim+json; charset=utf-8" } : {}),
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
