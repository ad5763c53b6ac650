/**
 * Strict parsing of the raw callback query: each parameter at most once, bounded lengths. A
 * malformed query is refused before any database work, so it can leave no partial state.
 */
const MAX_QUERY_LENGTH = 8192;
const MAX_PARAM_LENGTH = 2048;
const SINGLE_VALUED = ["state", "code", "error", "error_description", "iss", "session_state"];

export type CallbackQuery = { ok: true; state: string; params: URLSearchParams } | { ok: false };

export function parseCallbackQuery(rawQuery: string): CallbackQuery {
  if (rawQuery.length > MAX_QUERY_LENGTH) return { ok: false };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(rawQuery);
  } catch {
    return { ok: false };
  }
  for (const name of SINGLE_VALUED) {
    const values = params.getAll(name);
    if (values.length > 1 || values.some((value) => value.length > MAX_PARAM_LENGTH)) return { ok: false };
  }
  const state = params.get("state");
  if (!state || !/^[A-Za-z0-9._~-]{8,512}$/.test(state)) return { ok: false };
  return { ok: true, state, params };
}
