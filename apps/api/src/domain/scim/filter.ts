import { and, gt, gte, ilike, isNotNull, lt, lte, not, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { parse, type Filter } from "scim2-parse-filter";
import { invalidFilter } from "./errors";

/**
 * SCIM filters (RFC 7644 §3.4.2.2) → Drizzle conditions. The text is parsed by scim2-parse-filter
 * (the parser scim-patch also uses); only attributes in the caller's whitelist translate, and every
 * value becomes a bound parameter — nothing from the filter is ever spliced into SQL text.
 */

export const MAX_FILTER_LENGTH = 1_000;
const MAX_FILTER_NODES = 40;

export type AttributeKind = "string" | "caseExactString" | "uuid" | "boolean" | "dateTime";

export interface FilterAttribute {
  kind: AttributeKind;
  /** The column, or an expression for derived attributes (e.g. `active` from the status). */
  column: PgColumn | SQL;
  /** Wraps the comparison, e.g. in an EXISTS over a join table for multi-valued attributes. */
  wrap?: (condition: SQL) => SQL;
}

/** Sub-attribute filters of a multi-valued attribute, e.g. emails[type eq "work"] or members[value eq "…"]. */
export type ValuePathHandler = (filter: Filter, translate: (inner: Filter, attrs: Record<string, FilterAttribute>) => SQL) => SQL;

export interface FilterSchema {
  /** Lower-cased attribute path (schema URN prefix already removed) → column. */
  attributes: Record<string, FilterAttribute>;
  valuePaths: Record<string, ValuePathHandler>;
  /** e.g. "urn:ietf:params:scim:schemas:core:2.0:user:" (lower-case). */
  urnPrefix: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FALSE = sql`false`;

export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) throw invalidFilter("Filter is too long");
  let parsed: Filter;
  try {
    parsed = parse(text);
  } catch {
    throw invalidFilter("Filter could not be parsed");
  }
  if (countNodes(parsed) > MAX_FILTER_NODES) throw invalidFilter("Filter is too complex");
  return parsed;
}

function countNodes(filter: Filter): number {
  switch (filter.op) {
    case "and":
    case "or":
      return 1 + (filter as { filters: Filter[] }).filters.reduce((sum, f) => sum + countNodes(f), 0);
    case "not":
      return 1 + countNodes((filter as { filter: Filter }).filter);
    case "[]":
      return 1 + countNodes((filter as { valFilter: Filter }).valFilter);
    default:
      return 1;
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function normalisePath(schema: FilterSchema, path: string): string {
  const lower = path.toLowerCase();
  return lower.startsWith(schema.urnPrefix) ? lower.slice(schema.urnPrefix.length) : lower;
}

function compareString(attr: FilterAttribute, op: string, value: unknown): SQL {
  if (typeof value !== "string") throw invalidFilter(`Operator ${op} needs a string value`);
  const exact = attr.kind === "caseExactString";
  const column = exact ? sql`${attr.column}` : sql`lower(${attr.column})`;
  const operand = exact ? value : value.toLowerCase();
  switch (op) {
    case "eq":
      return sql`${column} = ${operand}`;
    case "ne":
      return sql`(${column} is null or ${column} <> ${operand})`;
    case "co":
      return exact ? sql`${attr.column} like ${`%${escapeLike(value)}%`}` : ilike(attr.column, `%${escapeLike(value)}%`);
    case "sw":
      return exact ? sql`${attr.column} like ${`${escapeLike(value)}%`}` : ilike(attr.column, `${escapeLike(value)}%`);
    case "ew":
      return exact ? sql`${attr.column} like ${`%${escapeLike(value)}`}` : ilike(attr.column, `%${escapeLike(value)}`);
    case "gt":
      return sql`${column} > ${operand}`;
    case "ge":
      return sql`${column} >= ${operand}`;
    case "lt":
      return sql`${column} < ${operand}`;
    case "le":
      return sql`${column} <= ${operand}`;
    default:
      throw invalidFilter(`Operator ${op} is not supported`);
  }
}

function compare(attr: FilterAttribute, op: string, value: unknown): SQL {
  switch (attr.kind) {
    case "string":
    case "caseExactString":
      return compareString(attr, op, value);
    case "uuid":
      if (typeof value !== "string") throw invalidFilter("id needs a string value");
      // An id that is not ours cannot match; answering "none" beats a database cast error.
      if (op === "eq") return UUID.test(value) ? sql`${attr.column} = ${value.toLowerCase()}::uuid` : FALSE;
      if (op === "ne") return UUID.test(value) ? sql`${attr.column} <> ${value.toLowerCase()}::uuid` : sql`true`;
      throw invalidFilter(`Operator ${op} is not supported for id`);
    case "boolean": {
      const bool = typeof value === "string" && /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : value;
      if (typeof bool !== "boolean") throw invalidFilter("A boolean attribute needs true or false");
      if (op === "eq") return bool ? sql`${attr.column}` : sql`not (${attr.column})`;
      if (op === "ne") return bool ? sql`not (${attr.column})` : sql`${attr.column}`;
      throw invalidFilter(`Operator ${op} is not supported for booleans`);
    }
    case "dateTime": {
      const date = typeof value === "string" ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) throw invalidFilter("A dateTime attribute needs an ISO 8601 value");
      const at = date.toISOString();
      const column = attr.column as PgColumn;
      switch (op) {
        case "eq":
          return sql`${column} = ${at}::timestamptz`;
        case "ne":
          return sql`${column} <> ${at}::timestamptz`;
        case "gt":
          return gt(column, date);
        case "ge":
          return gte(column, date);
        case "lt":
          return lt(column, date);
        case "le":
          return lte(column, date);
        default:
          throw invalidFilter(`Operator ${op} is not supported for dates`);
      }
    }
  }
}

function translateWith(schema: FilterSchema, attributes: Record<string, FilterAttribute>, filter: Filter): SQL {
  switch (filter.op) {
    case "and":
    case "or": {
      const parts = (filter as { filters: Filter[] }).filters.map((f) => translateWith(schema, attributes, f));
      const joined = filter.op === "and" ? and(...parts) : or(...parts);
      return joined ?? FALSE;
    }
    case "not":
      return not(translateWith(schema, attributes, (filter as { filter: Filter }).filter));
    case "[]": {
      const valuePath = filter as { attrPath: string; valFilter: Filter };
      const handler = schema.valuePaths[normalisePath(schema, valuePath.attrPath)];
      if (!handler) throw invalidFilter(`Filtering on ${valuePath.attrPath} is not supported`);
      return handler(valuePath.valFilter, (inner, attrs) => translateWith(schema, attrs, inner));
    }
    default: {
      const comparison = filter as { op: string; attrPath: string; compValue?: unknown };
      const attr = attributes[normalisePath(schema, comparison.attrPath)];
      if (!attr) throw invalidFilter(`Filtering on ${comparison.attrPath} is not supported`);
      const wrap = attr.wrap ?? ((condition: SQL) => condition);
      if (comparison.op === "pr") return wrap(attr.kind === "boolean" ? sql`true` : isNotNull(attr.column));
      if (comparison.compValue === null) {
        if (comparison.op === "eq") return wrap(sql`${attr.column} is null`);
        if (comparison.op === "ne") return wrap(isNotNull(attr.column));
      }
      return wrap(compare(attr, comparison.op, comparison.compValue));
    }
  }
}

/** Parses and translates `text`; any problem is a 400 invalidFilter, never a database error. */
export function filterToSql(schema: FilterSchema, text: string): SQL {
  return translateWith(schema, schema.attributes, parseFilter(text));
}
