import "server-only";
import { createHmac, randomBytes } from "node:crypto";

// Crockford base32: no I, L, O, U, so codes survive being read aloud or handwritten.
// 16 symbols x 5 bits = 80 bits, drawn from exactly 10 random bytes (no modulo bias).
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 16;
const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{16}$/;

function encode80(bytes: Buffer): string {
  let out = "";
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** Display form "XXXX-XXXX-XXXX-XXXX"; store only hashRecoveryCode() of the normalised form. */
export function generateRecoveryCodes(n = 10): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error("recovery code count must be 1..100");
  const codes = new Set<string>();
  while (codes.size < n) codes.add(encode80(randomBytes(CODE_LENGTH * 5 / 8)));
  return [...codes].map((c) => c.match(/.{4}/g)?.join("-") ?? c);
}

/**
 * Uppercases, drops spaces/dashes and applies Crockford's read-alike mapping (O->0, I/L->1)
 * so a user who mistypes a look-alike still succeeds. Returns null for anything else.
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const s = input.replace(/[\s-]+/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  return CODE_RE.test(s) ? s : null;
}

/**
 * HMAC-SHA256(pepper, userId:code). A fast hash is adequate because each code carries 80 bits
 * of entropy (brute force is infeasible without a slow KDF); the pepper means a DB dump alone
 * is useless, and the userId binds each hash to its owner.
 */
export function hashRecoveryCode(normalized: string, userId: string, pepper: Buffer): string {
  return createHmac("sha256", pepper).update(`${userId}:${normalized}`, "utf8").digest("hex");
}
