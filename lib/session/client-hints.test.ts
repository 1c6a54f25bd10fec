import { describe, expect, it } from "vitest";
import { parseClientHints } from "./client-hints";

describe("parseClientHints", () => {
  it("finds the real brand behind GREASE and Chromium", () => {
    expect(parseClientHints({ ua: '"Chromium";v="131", "Not_A Brand";v="24", "Microsoft Edge";v="131"', platform: '"Windows"', mobile: "?0" }))
      .toEqual({ brand: "Microsoft Edge", brandMajor: "131", platform: "Windows", mobile: false });
    expect(parseClientHints({ ua: '"Google Chrome";v="130", "Chromium";v="130", "Not?A_Brand";v="99"', platform: '"Android"', mobile: "?1" }))
      .toEqual({ brand: "Chrome", brandMajor: "130", platform: "Android", mobile: true });
  });

  it("falls back to Chromium when it is the only brand", () => {
    expect(parseClientHints({ ua: '"Chromium";v="156", "Not)A;Brand";v="8"' }).brand).toBe("Chromium");
  });

  it("returns nulls for missing or hostile values and never throws", () => {
    for (const ua of [undefined, null, "", "garbage", '"<img src=x onerror=alert(1)>";v="1"'.repeat(200), "\u0000\u0001"]) {
      const r = parseClientHints({ ua, platform: '"<script>"', mobile: "maybe" });
      expect(r.platform).toBeNull();
      expect(r.mobile).toBeNull();
    }
  });
});
