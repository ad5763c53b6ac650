import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizeTypedEmail } from "../src/email";

describe("normalizeEmail", () => {
  it.each([
    ["Jane.Doe@Example.COM", "jane.doe@example.com"],
    ["a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"],
    ["x@xn--bcher-kva.example", "x@xn--bcher-kva.example"],
  ])("accepts %j", (raw, expected) => expect(normalizeEmail(raw)).toBe(expected));

  it.each([
    ["leading space", " jane@example.com"],
    ["trailing newline", "jane@example.com\n"],
    ["embedded space", "jane doe@example.com"],
    ["full-width at", "jane＠example.com"],
    ["Cyrillic a", "jаne@example.com"],
    ["zero-width space", "ja\u200bne@example.com"],
    ["zero-width joiner", "jane@exa\u200dmple.com"],
    ["no at", "jane.example.com"],
    ["two ats", "jane@doe@example.com"],
    ["empty local", "@example.com"],
    ["empty domain", "jane@"],
    ["single-label domain", "jane@localhost"],
    ["too long", `${"a".repeat(60)}@${"b".repeat(200)}.com`],
    ["empty", ""],
    ["double dot", "jane..doe@example.com"],
  ])("refuses %s", (_name, raw) => expect(normalizeEmail(raw)).toBeNull());
});

describe("normalizeTypedEmail", () => {
  it("trims what a person typed but keeps the other rules", () => {
    expect(normalizeTypedEmail("  Jane@Example.com \n")).toBe("jane@example.com");
    expect(normalizeTypedEmail(" jane＠example.com ")).toBeNull();
  });
});
