import { describe, it, expect } from "vitest";
import { createHmac, randomBytes } from "node:crypto";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe("generateRecoveryCodes", () => {
  it("returns 10 codes by default and honours n", () => {
    expect(generateRecoveryCodes()).toHaveLength(10);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it("formats each code as XXXX-XXXX-XXXX-XXXX without ambiguous letters", () => {
    for (const code of generateRecoveryCodes(50)) {
      expect(code).toMatch(FORMAT);
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it("produces unique codes within and across batches", () => {
    const all = [...generateRecoveryCodes(100), ...generateRecoveryCodes(100)];
    expect(new Set(all).size).toBe(200);
  });

  it("uses the whole 32-symbol alphabet (80 bits per code)", () => {
    const seen = new Set(generateRecoveryCodes(100).join("").replace(/-/g, ""));
    expect(seen.size).toBe(32);
  });

  it("round trips through normalisation", () => {
    for (const code of generateRecoveryCodes()) {
      expect(normalizeRecoveryCode(code)).toBe(code.replace(/-/g, ""));
    }
  });

  it("rejects invalid counts", () => {
    expect(() => generateRecoveryCodes(0)).toThrow();
    expect(() => generateRecoveryCodes(1.5)).toThrow();
  });
});

describe("normalizeRecoveryCode", () => {
  it("uppercases and strips spaces and dashes", () => {
    expect(normalizeRecoveryCode("abcd-efgh-jkmn-pqrs")).toBe("ABCDEFGHJKMNPQRS");
    expect(normalizeRecoveryCode("  ABCD EFGH\tJKMN--PQRS ")).toBe("ABCDEFGHJKMNPQRS");
  });

  it("maps Crockford look-alikes O->0 and I/L->1", () => {
    expect(normalizeRecoveryCode("oOiI-lL00-1111-2222")).toBe("0011110011112222");
  });

  it.each([
    "",
    "ABCD-EFGH-JKMN-PQR",
    "ABCD-EFGH-JKMN-PQRST",
    "ABCD-EFGH-JKMN-PQRU",
    "ABCD-EFGH-JKMN-PQR!",
    "ABCD_EFGH_JKMN_PQRS",
    "ABCD-EFGH-JKMN-PQRÅ",
    "A".repeat(10_000),
  ])("rejects %j", (s) => {
    expect(normalizeRecoveryCode(s)).toBeNull();
  });
});

describe("hashRecoveryCode", () => {
  const pepper = randomBytes(32);
  const code = "ABCDEFGHJKMNPQRS";

  it("is HMAC-SHA256(pepper, userId:code) hex", () => {
    const expected = createHmac("sha256", pepper).update(`user-1:${code}`).digest("hex");
    expect(hashRecoveryCode(code, "user-1", pepper)).toBe(expected);
    expect(hashRecoveryCode(code, "user-1", pepper)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("depends on the user, the pepper and the code", () => {
    const base = hashRecoveryCode(code, "user-1", pepper);
    expect(hashRecoveryCode(code, "user-2", pepper)).not.toBe(base);
    expect(hashRecoveryCode(code, "user-1", randomBytes(32))).not.toBe(base);
    expect(hashRecoveryCode("ABCDEFGHJKMNPQRT", "user-1", pepper)).not.toBe(base);
  });
});
