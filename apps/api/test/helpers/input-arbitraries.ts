/**
 * fast-check arbitraries derived from a procedure's zod input schema: each field is sometimes a
 * value that passes validation (so the call reaches the domain and the database), sometimes that
 * value with a NUL or an unpaired surrogate spliced in, sometimes arbitrary hostile text or a
 * value of the wrong type. Field names pick the valid values (ids of real rows, the IdP issuer).
 */
import fc from "fast-check";

type Schema = { _zod: { def: Record<string, unknown> & { type: string } } };

export const POISON = ["\u0000", "\ud800", "\udfff", "\ud83d"] as const;

const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("a", "@", "-", "é", "😀", ...POISON), maxLength: 40 }),
  fc.constant("-".repeat(36)),
  fc.constant("00000000-0000-0000-0000-00000000000\u0000"),
);

function tainted(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.constantFrom(...POISON), fc.nat())
    .map(([text, poison, at]) => {
      const index = text.length === 0 ? 0 : at % (text.length + 1);
      return text.slice(0, index) + poison + text.slice(index);
    });
}

export function arbitraryForSchema(schema: Schema, validText: (field: string) => fc.Arbitrary<string>, field = ""): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
      return fc.oneof(fc.constant(undefined), arbitraryForSchema(def.innerType as Schema, validText, field));
    case "pipe":
      return arbitraryForSchema(def.in as Schema, validText, field);
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      const fields = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, arbitraryForSchema(value, validText, key)]));
      return fc.record(fields);
    }
    case "enum":
      return fc.oneof(fc.constantFrom(...Object.values(def.entries as Record<string, string>)), hostileText);
    case "boolean":
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: hostileText });
    case "number":
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -5, max: 300 }) }, { weight: 1, arbitrary: hostileText });
    case "string": {
      const valid = validText(field);
      return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 3, arbitrary: tainted(valid) }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: fc.integer() });
    }
    default:
      return fc.anything();
  }
}

export function containsPoison(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000") || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, item]) => containsPoison(key) || containsPoison(item));
}
