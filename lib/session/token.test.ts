import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { generateSessionToken, hashToken, isWellFormedToken } from "./token";

describe("generateSessionToken", () => {
  it("produces 43 base64url characters without padding", () => {
    const t = generateSessionToken();
    expect(t).toHaveLength(43);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
  });

  it("produces 1000 unique tokens", () => {
    const set = new Set<string>();
    for (let i = 0; i < 1000; i++) set.add(generateSessionToken());
    expect(set.size).toBe(1000);
  });

  it("generates tokens that pass the shape check", () => {
    for (let i = 0; i < 50; i++) expect(isWellFormedToken(generateSessionToken())).toBe(true);
  });
});

describe("hashToken", () => {
  it("is 64 lowercase hex chars and deterministic", () => {
    const t = generateSessionToken();
    const h = hashToken(t);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(h);
  });

  it("matches a known SHA-256 value and differs per token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashToken("abc")).toBe(createHash("sha256").update("abc").digest("hex"));
    expect(hashToken("abd")).not.toBe(hashToken("abc"));
  });
});

describe("isWellFormedToken", () => {
  const good = "A".repeat(42) + "_";
  it("accepts exactly 43 url-safe characters", () => {
    expect(isWellFormedToken(good)).toBe(true);
    expect(isWellFormedToken("-".repeat(43))).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["too short", "A".repeat(42)],
    ["too long", "A".repeat(44)],
    ["padding", "A".repeat(42) + "="],
    ["standard base64 plus", "A".repeat(42) + "+"],
    ["slash", "A".repeat(42) + "/"],
    ["space", "A".repeat(42) + " "],
    ["trailing newline", "A".repeat(43) + "\n"],
    ["unicode", "A".repeat(42) + "é"],
  ])("rejects %s", (_name, value) => {
    expect(isWellFormedToken(value)).toBe(false);
  });

  it.each([[undefined], [null], [123], [{}], [["A".repeat(43)]], [Buffer.alloc(43, 65)]])(
    "rejects non-string %p",
    (value) => {
      expect(isWellFormedToken(value)).toBe(false);
    },
  );
});
