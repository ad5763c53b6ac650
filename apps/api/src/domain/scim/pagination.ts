import { LIST_SCHEMA } from "./context";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;

export interface Page {
  /** 1-based (RFC 7644 §3.4.2.4). */
  startIndex: number;
  count: number;
}

function integerParam(raw: unknown): number | null {
  if (typeof raw !== "string" || !/^-?\d{1,9}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** Lenient as the RFC asks: startIndex < 1 means 1, a negative count means 0, large counts are capped. */
export function parsePage(query: Record<string, unknown>): Page {
  const startIndex = integerParam(query.startIndex);
  const count = integerParam(query.count);
  return {
    startIndex: startIndex === null || startIndex < 1 ? 1 : startIndex,
    count: count === null ? DEFAULT_PAGE_SIZE : Math.min(Math.max(count, 0), MAX_PAGE_SIZE),
  };
}

export function pageOf<T>(totalResults: number, page: Page, resources: T[]) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
