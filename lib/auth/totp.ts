import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// RFC 6238 on node:crypto directly: small enough to audit against the RFC test vectors.

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;

export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

const SECRET_BYTES = 20; // 160 bits, the RFC 4226 recommended HMAC-SHA1 key size
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const MAX_COUNTER = (1n << 64n) - 1n;

export function base32Encode(buf: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Case-insensitive, ignores whitespace and trailing "=" padding; throws on anything else. */
export function base32Decode(s: string): Buffer {
  const clean = s.replace(/\s+/g, "").toUpperCase().replace(/=+$/, "");
  // 1, 3 or 6 leftover characters can't come from whole bytes.
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error("invalid base32 length");
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx === -1) throw new Error("invalid base32 character");
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

export function timeStep(unixSeconds: number, period = TOTP_PERIOD): number {
  return Math.floor(unixSeconds / period);
}

/** RFC 4226 HOTP with dynamic truncation. */
export function hotp(
  secret: Buffer,
  counter: number | bigint,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = "sha1",
): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) throw new Error("digits must be 1..10");
  if (typeof counter === "number" && !Number.isSafeInteger(counter)) throw new Error("counter must be an integer");
  const c = BigInt(counter);
  if (c < 0n || c > MAX_COUNTER) throw new Error("counter out of range");
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(c);
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return (bin % 10 ** digits).toString().padStart(digits, "0");
}

export function totpAt(
  secret: Buffer,
  unixSeconds: number,
  opts: { digits?: number; algorithm?: TotpAlgorithm; period?: number } = {},
): string {
  return hotp(secret, timeStep(unixSeconds, opts.period ?? TOTP_PERIOD), opts.digits ?? TOTP_DIGITS, opts.algorithm);
}

/**
 * Returns the matched time step (callers store it to reject replays), or null.
 * Every step in the window is computed and compared so timing doesn't reveal which one matched.
 */
export function matchTotp(secretBase32: string, code: string, unixSeconds: number, window = 1): number | null {
  if (typeof code !== "string") return null;
  const candidate = code.replace(/\s+/g, "");
  if (!/^[0-9]{6}$/.test(candidate)) return null;
  if (!Number.isInteger(window) || window < 0 || window > 10) throw new Error("window must be 0..10");
  const secret = base32Decode(secretBase32);
  const given = Buffer.from(candidate, "ascii");
  const now = timeStep(unixSeconds);
  let matched: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    const expected = Buffer.from(hotp(secret, step, TOTP_DIGITS, "sha1"), "ascii");
    if (timingSafeEqual(expected, given) && matched === null) matched = step;
  }
  return matched;
}

export function otpauthUri({
  secretBase32,
  accountName,
  issuer = "SessionGuard",
}: {
  secretBase32: string;
  accountName: string;
  issuer?: string;
}): string {
  // encodeURIComponent (not URLSearchParams) so spaces become %20, which authenticator apps expect.
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const query = [
    `secret=${encodeURIComponent(secretBase32)}`,
    `issuer=${encodeURIComponent(issuer)}`,
    "algorithm=SHA1",
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD}`,
  ].join("&");
  return `otpauth://totp/${label}?${query}`;
}
