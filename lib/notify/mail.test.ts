import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./mail";

describe("retryDelayMs", () => {
  it("doubles from one minute and stops at one hour", () => {
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(2)).toBe(120_000);
    expect(retryDelayMs(3)).toBe(240_000);
    expect(retryDelayMs(6)).toBe(32 * 60_000);
    expect(retryDelayMs(7)).toBe(60 * 60_000);
    expect(retryDelayMs(50)).toBe(60 * 60_000);
  });
});
