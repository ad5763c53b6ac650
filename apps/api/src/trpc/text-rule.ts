/**
 * The one rule for text in every tRPC input: no NUL characters and no unpaired UTF-16
 * surrogates, anywhere in the input (values and keys, however deep). PostgreSQL cannot store
 * either (`invalid byte sequence for encoding "UTF8": 0x00`, `invalid input syntax for type
 * json`), so without this a valid-looking form field became a 500. Applied to the raw input of
 * every procedure before its schema runs, so a new procedure cannot forget it.
 */
import { DomainError } from "../domain/errors";

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isValidText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

function findInvalidText(value: unknown, depth: number): boolean {
  if (typeof value === "string") return !isValidText(value);
  // Inputs are JSON, nested a few levels at most; the HTTP body limit bounds the size.
  if (value === null || typeof value !== "object" || depth > 32) return false;
  if (Array.isArray(value)) return value.some((item) => findInvalidText(item, depth + 1));
  return Object.entries(value).some(([key, item]) => !isValidText(key) || findInvalidText(item, depth + 1));
}

/** Throws `invalid_text` (400) when any string in `input` breaks the rule. */
export function assertValidText(input: unknown): void {
  if (findInvalidText(input, 0)) throw new DomainError("invalid_text");
}
