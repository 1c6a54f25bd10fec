import "server-only";
// OWASP "device cookies" (Slow Down Online Guessing Attacks with Device Cookies): a browser that
// completed a sign-in (password + second factor) gets a cookie naming a random nonce and the
// account, signed with a key derived from AUTH_SECRET. On the password step a valid cookie for
// THIS account exempts that browser from the account-wide defence (the puzzle): strangers spraying
// the account cannot slow its owner down. The cookie proves nothing by itself — the password and
// the code are still needed — and a cookie that collects wrong passwords stops being trusted.
// Nothing is stored server-side but the per-nonce failure counter.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

export const DEVICE_COOKIE = "__Host-sg_device";
export const DEVICE_COOKIE_DAYS = 180;

let key: Buffer | undefined;
function deviceKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", config().AUTH_SECRET, "sessionguard", "device-cookie/v1", 32));
  return key;
}

const mac = (userId: string, nonce: string) => createHmac("sha256", deviceKey()).update(`${userId}\n${nonce}`).digest("base64url");

/** A new cookie value for this account on this browser: "<nonce>.<mac>". */
export function issueDeviceCookie(userId: string): string {
  const nonce = randomBytes(18).toString("base64url");
  return `${nonce}.${mac(userId, nonce)}`;
}

/** The nonce of a cookie validly issued for this account, else null. */
export function deviceNonceFor(value: string | undefined, userId: string): string | null {
  if (!value || value.length > 128) return null;
  const m = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const expected = Buffer.from(mac(userId, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}

export function deviceCookieOptions() {
  return { httpOnly: true, secure: true, sameSite: "lax" as const, path: "/", maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60 };
}

/** The device cookie's value in a raw Cookie header (next-auth's authorize gets only headers). */
export function deviceCookieFromHeader(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === DEVICE_COOKIE) return part.slice(i + 1).trim();
  }
  return undefined;
}
