// Property-based tests (fast-check) for the session-cookie shape check.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { generateSessionToken, isWellFormedToken } from "./token";

const RUNS = { numRuns: 1000 };
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("isWellFormedToken", () => {
  it("never throws on any value, and only strings can pass", () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      const ok = isWellFormedToken(v);
      if (ok) expect(typeof v).toBe("string");
    }), RUNS);
  });

  it("a string over the base64url alphabet is accepted exactly when it has 43 characters", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...B64URL), minLength: 0, maxLength: 90 }), (s) => {
      expect(isWellFormedToken(s)).toBe(s.length === 43);
    }), RUNS);
  });

  it("one character outside the alphabet (padding, +, /, space, newline, Unicode) rejects a 43-char value", () => {
    const bad = fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => !B64URL.includes(c));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...B64URL), minLength: 43, maxLength: 43 }), bad, fc.nat(42), (s, c, i) => {
      const t = s.slice(0, i) + c + s.slice(i + 1);
      expect(isWellFormedToken(t)).toBe(false);
      expect(isWellFormedToken(`${s}\n`)).toBe(false);
      expect(isWellFormedToken(`${s}=`)).toBe(false);
    }), RUNS);
  });

  it("32 random bytes in base64url (what generateSessionToken mints) always pass", () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
      expect(isWellFormedToken(Buffer.from(b).toString("base64url"))).toBe(true);
    }), RUNS);
    for (let i = 0; i < 100; i++) expect(isWellFormedToken(generateSessionToken())).toBe(true);
    expect(isWellFormedToken(randomBytes(32).toString("base64"))).toBe(false); // "+" "/" "=" of plain base64
  });
});
