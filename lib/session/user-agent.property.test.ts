// Property-based tests (fast-check): the User-Agent is attacker-controlled, so describing and
// comparing it must never throw, and comparing a browser with itself must say "same".
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { describeUserAgent } from "./user-agent";
import { compareIp, compareUa } from "@/lib/risk/signals/binding";
import { ipPrefix } from "./ip";

const RUNS = { numRuns: 400 };

const REAL = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "curl/8.5.0",
];
/** Arbitrary text, real UAs, real UAs with noise spliced in, and very long input. */
const uaText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom(...REAL),
  fc.tuple(fc.constantFrom(...REAL), fc.string({ unit: "binary", maxLength: 40 }), fc.nat(200)).map(([ua, junk, i]) => ua.slice(0, i) + junk + ua.slice(i)),
  fc.tuple(fc.constantFrom("Mozilla/5.0 (", "Chrome/", "(KHTML, like Gecko) "), fc.nat(3000)).map(([s, n]) => s.repeat(Math.max(1, n))),
);
const uaInput = fc.oneof(uaText, fc.constant(null), fc.constant(undefined));

describe("describeUserAgent", () => {
  it("never throws; bounded text, a SHA-256 hash, a known device type", () => {
    fc.assert(fc.property(uaInput, (ua) => {
      const d = describeUserAgent(ua);
      expect(d.text.length).toBeLessThanOrEqual(512);
      expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(["desktop", "mobile", "tablet", "other"]).toContain(d.deviceType);
      if (d.browserMajor !== null) expect(typeof d.browserMajor).toBe("string");
    }), RUNS);
  });

  it("is deterministic (the same header always gives the same description)", () => {
    fc.assert(fc.property(uaInput, (ua) => {
      expect(describeUserAgent(ua)).toEqual(describeUserAgent(ua));
    }), RUNS);
  });

  it("non-string input is treated as an empty header", () => {
    fc.assert(fc.property(fc.anything().filter((x) => typeof x !== "string"), (x) => {
      expect(describeUserAgent(x as string).hash).toBe(describeUserAgent("").hash);
    }), { numRuns: 100 });
  });
});

describe("soft-binding comparison is reflexive", () => {
  it("compareUa(x, x) is 'same' for any UA, and a different UA is never 'same'", () => {
    fc.assert(fc.property(uaInput, uaInput, (a, b) => {
      const da = describeUserAgent(a);
      const shape = { uaHash: da.hash, browser: da.browser, os: da.os };
      expect(compareUa(shape, { ...shape })).toBe("same");
      const db = describeUserAgent(b);
      const r = compareUa(shape, { uaHash: db.hash, browser: db.browser, os: db.os });
      if ((a ?? "") !== (b ?? "")) expect(r).not.toBe("same");
    }), RUNS);
  });

  it("compareIp(x, x) is 'same' for any address", () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
      const b = { ip, ipPrefix: ipPrefix(ip) ?? ip };
      expect(compareIp(b, { ...b })).toBe("same");
    }), RUNS);
  });
});
