// Property-based tests (fast-check): Sec-CH-UA* headers are attacker-controlled; parsing them
// never throws and only ever yields well-shaped values.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseClientHints } from "./client-hints";

const RUNS = { numRuns: 500 };

const brandList = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom("Chromium", "Google Chrome", "Microsoft Edge", "Not_A Brand", "Brave"), fc.string({ unit: "binary", maxLength: 70 })), fc.oneof(fc.nat(999).map(String), fc.string({ maxLength: 8 })))
    .map(([n, v]) => `"${n}";v="${v}"`),
  { maxLength: 6 },
).map((a) => a.join(", "));
const header = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string({ unit: "binary", maxLength: 700 }), brandList, fc.nat(2000).map((n) => '"a";v="1", '.repeat(n)));

describe("parseClientHints", () => {
  it("never throws; brandMajor is digits, platform is short and plain, mobile is a boolean or null", () => {
    fc.assert(fc.property(header, header, header, (ua, platform, mobile) => {
      const h = parseClientHints({ ua, platform, mobile });
      if (h.brand !== null) expect(h.brand.length).toBeLessThanOrEqual(64);
      if (h.brandMajor !== null) expect(h.brandMajor).toMatch(/^\d{1,6}$/);
      if (h.platform !== null) expect(h.platform).toMatch(/^[A-Za-z0-9 ._-]{1,40}$/);
      expect([true, false, null]).toContain(h.mobile);
      expect((h.brand === null) === (h.brandMajor === null)).toBe(true);
    }), RUNS);
  });

  it("never throws on values of the wrong type", () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.anything(), (ua, platform, mobile) => {
      try {
        parseClientHints({ ua, platform, mobile } as never);
      } catch (e) {
        // Only a non-string that cannot be sliced may throw; strings and null never do.
        expect([ua, platform].some((x) => x !== null && x !== undefined && typeof x !== "string")).toBe(true);
        void e;
      }
    }), { numRuns: 200 });
  });
});
