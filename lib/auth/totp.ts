import "server-only";
import { timingSafeEqual } from "node:crypto";
import { HOTP, Secret } from "otpauth";

// RFC 4226/6238 from otpauth (the kept library; the e2e helpers and the hijack simulator use it
// too). This module adds what the app needs around it: strict base32, a bounded counter, and a
// window check that compares every step in constant time and reports the step for replay checks.

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;

export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

const SECRET_BYTES = 20; // 160 bits, the RFC 4226 recommended HMAC-SHA1 key size
const BASE32 = /^[A-Z2-7]*$/;

export function base32Encode(buf: Buffer): string {
  return new Secret({ buffer: new Uint8Array(buf).buffer }).base32;
}

/** Case-insensitive, ignores whitespace and trailing "=" padding; throws on anything else. */
export function base32Decode(s: string): Buffer {
  const clean = s.replace(/\s+/g, "").toUpperCase().replace(/=+$/, "");
  // 1, 3 or 6 leftover characters can't come from whole bytes (otpauth would drop them silently).
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error("invalid base32 length");
  if (!BASE32.test(clean)) throw new Error("invalid base32 character");
  return Buffer.from(Secret.fromBase32(clean).bytes);
}

export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

export function timeStep(unixSeconds: number, period = TOTP_PERIOD): number {
  return Math.floor(unixSeconds / period);
}

/** RFC 4226 HOTP. Counters up to 2^53 - 1 (a TOTP step today is ~5.9e7). */
export function hotp(
  secret: Buffer,
  counter: number | bigint,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = "sha1",
): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) throw new Error("digits must be 1..10");
  const c = typeof counter === "bigint" ? counter : Number.isSafeInteger(counter) ? BigInt(counter) : -1n;
  if (c < 0n || c > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error("counter out of range");
  return HOTP.generate({ secret: new Secret({ buffer: new Uint8Array(secret).buffer }), counter: Number(c), digits, algorithm: algorithm.toUpperCase() });
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
