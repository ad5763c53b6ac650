import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { appCodeOf } from "../../src/trpc/errors";

/** Asserts the stable application code (what clients see as `error.data.appCode`), never messages. */
export async function expectAppCode(promise: Promise<unknown>, code: string): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    expect(appCodeOf(error as TRPCError)).toBe(code);
    return error as TRPCError;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}
