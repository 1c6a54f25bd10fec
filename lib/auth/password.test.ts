import { describe, it, expect } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from "./password";

describe("hashPassword / verifyPassword", () => {
  it("produces an argon2id hash with OWASP parameters", async () => {
    const h = await hashPassword("correct horse battery staple");
    expect(h.startsWith("$argon2id$v=19$")).toBe(true);
    expect(h).toContain("$m=19456,t=2,p=1$");
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const h = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(h, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(h, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(h, "")).toBe(false);
  });

  it.each([
    [""],
    ["not a hash"],
    ["$argon2id$v=19$m=19456,t=2,p=1$"],
    ["$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"],
  ])("returns false (not throw) for malformed hash %j", async (bad) => {
    await expect(verifyPassword(bad, "whatever")).resolves.toBe(false);
  });

  it("returns false for a truncated hash", async () => {
    const h = await hashPassword("pw-for-truncation");
    await expect(verifyPassword(h.slice(0, -5), "pw-for-truncation")).resolves.toBe(false);
  });
});

describe("verifyAgainstDummy", () => {
  it("always resolves false, including for the dummy's own password", async () => {
    await expect(verifyAgainstDummy("anything")).resolves.toBe(false);
    await expect(verifyAgainstDummy("sessionguard-dummy-password")).resolves.toBe(false);
  });

  it("costs roughly as much as a real verification once warmed up", async () => {
    await verifyAgainstDummy("warm-up");
    const h = await hashPassword("real password here");
    const t0 = performance.now();
    await verifyPassword(h, "wrong password here");
    const real = performance.now() - t0;
    const t1 = performance.now();
    await verifyAgainstDummy("wrong password here");
    const dummy = performance.now() - t1;
    // Loose bound: a skipped verification would be orders of magnitude faster.
    expect(dummy).toBeGreaterThan(real / 5);
  });
});

describe("checkPasswordPolicy", () => {
  it("accepts a reasonable passphrase", () => {
    expect(checkPasswordPolicy("purple-tractor-lagoon")).toEqual({ ok: true });
    expect(checkPasswordPolicy("purple-tractor-lagoon", "alice@example.com")).toEqual({ ok: true });
  });

  it("enforces the length bounds (8..128 code points)", () => {
    expect(checkPasswordPolicy("Xk9#mQ2")).toEqual({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("Xk9#mQ2z")).toEqual({ ok: true });
    expect(checkPasswordPolicy("x".repeat(128))).toEqual({ ok: true });
    expect(checkPasswordPolicy("x".repeat(129))).toEqual({ ok: false, reason: "too_long" });
    // Emoji are 2 UTF-16 units but 1 code point each.
    expect(checkPasswordPolicy("🔐🔐🔐🔐🔐🔐🔐")).toEqual({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("🔐".repeat(128))).toEqual({ ok: true });
  });

  it.each(["password", "PASSWORD", "Password123", "qwerty123", "iloveyou", "sunshine1", "12345678", "1q2w3e4r"])(
    "rejects common password %j case-insensitively",
    (pw) => {
      expect(checkPasswordPolicy(pw)).toEqual({ ok: false, reason: "common" });
    },
  );

  it("rejects the email local part or the full email", () => {
    expect(checkPasswordPolicy("alice.wonder", "Alice.Wonder@example.com")).toEqual({
      ok: false,
      reason: "contains_email",
    });
    expect(checkPasswordPolicy("my alice.wonder@example.com!", "alice.wonder@example.com")).toEqual({
      ok: false,
      reason: "contains_email",
    });
    expect(checkPasswordPolicy("alice.wonderland-88", "alice.wonder@example.com")).toEqual({ ok: true });
  });
});

describe("COMMON_PASSWORDS", () => {
  it("has at least 500 lowercase entries of length >= 8", () => {
    const usable = [...COMMON_PASSWORDS].filter((p) => p.length >= 8);
    expect(usable.length).toBeGreaterThanOrEqual(500);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });
});
