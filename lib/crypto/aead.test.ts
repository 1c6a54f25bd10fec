import { describe, it, expect } from "vitest";
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret, parseKey } from "./aead";

const key = randomBytes(32);

function flipChar(s: string, index: number): string {
  const c = s[index];
  const replacement = c === "A" ? "B" : "A";
  return s.slice(0, index) + replacement + s.slice(index + 1);
}

describe("encryptSecret / decryptSecret", () => {
  it("round trips, including unicode and empty strings", () => {
    for (const pt of ["JBSWY3DPEHPK3PXP", "", "ünïcødé 🔐", "x".repeat(10_000)]) {
      expect(decryptSecret(encryptSecret(pt, key), key)).toBe(pt);
    }
  });

  it("produces the v1.iv.tag.ct format with a 12-byte IV and 16-byte tag", () => {
    const box = encryptSecret("hello", key);
    const parts = box.split(".");
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe("v1");
    expect(Buffer.from(parts[1] ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(parts[2] ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(parts[3] ?? "", "base64url")).toHaveLength(5);
    expect(box).not.toContain("hello");
  });

  it("uses a random IV so two encryptions differ", () => {
    const a = encryptSecret("same", key);
    const b = encryptSecret("same", key);
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it.each([
    ["iv", 1],
    ["tag", 2],
    ["ciphertext", 3],
  ])("detects tampering with the %s", (_name, idx) => {
    const box = encryptSecret("secret value", key);
    const parts = box.split(".");
    parts[idx] = flipChar(parts[idx] ?? "", 0);
    expect(() => decryptSecret(parts.join("."), key)).toThrow("could not decrypt secret");
  });

  it("rejects a changed version, truncated or malformed boxes", () => {
    const box = encryptSecret("secret value", key);
    const [, iv, tag, ct] = box.split(".");
    for (const bad of [
      `v2.${iv}.${tag}.${ct}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag}.${ct}.x`,
      `v1.${iv}.${tag}.${ct?.slice(0, -2)}`,
      `v1.${iv}.${tag?.slice(0, 10)}.${ct}`,
      `v1.${iv}.${tag}.${ct}==`,
      `v1.${iv}!.${tag}.${ct}`,
      "",
      "garbage",
    ]) {
      expect(() => decryptSecret(bad, key)).toThrow("could not decrypt secret");
    }
  });

  it("fails with the wrong key without leaking key or plaintext", () => {
    const box = encryptSecret("top-secret-plaintext", key);
    const other = randomBytes(32);
    let message = "";
    try {
      decryptSecret(box, other);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("could not decrypt secret");
    expect(message).not.toContain(other.toString("hex"));
  });

  it("refuses keys of the wrong size", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow();
    expect(() => decryptSecret(encryptSecret("x", key), randomBytes(16))).toThrow("could not decrypt secret");
  });
});

describe("parseKey", () => {
  const raw = randomBytes(32);

  it("accepts 64 hex chars (either case)", () => {
    expect(parseKey(raw.toString("hex")).equals(raw)).toBe(true);
    expect(parseKey(raw.toString("hex").toUpperCase()).equals(raw)).toBe(true);
  });

  it("accepts base64 (padded or not) and base64url", () => {
    expect(parseKey(raw.toString("base64")).equals(raw)).toBe(true);
    expect(parseKey(raw.toString("base64").replace(/=$/, "")).equals(raw)).toBe(true);
    expect(parseKey(raw.toString("base64url")).equals(raw)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["short hex", "ab".repeat(31)],
    ["long hex", "ab".repeat(33)],
    ["non-hex 64 chars", "zz".repeat(32)],
    ["base64 of 16 bytes", Buffer.alloc(16, 1).toString("base64")],
    ["base64 of 48 bytes", Buffer.alloc(48, 1).toString("base64")],
    ["junk", "not a key at all"],
  ])("rejects %s", (_name, value) => {
    expect(() => parseKey(value)).toThrow();
  });

  it("rejects base64 with non-zero trailing bits", () => {
    const b64 = Buffer.alloc(32, 0).toString("base64url"); // ends in "A"
    expect(parseKey(b64)).toHaveLength(32);
    expect(() => parseKey(`${b64.slice(0, -1)}B`)).toThrow();
  });
});
