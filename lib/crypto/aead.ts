import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const ALG = "aes-256-gcm";
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]*$/;

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new Error("encryption key must be 32 bytes");
}

/** Encrypts with AES-256-GCM; format "v1.<iv>.<tag>.<ciphertext>" (base64url parts). */
export function encryptSecret(plaintext: string, key: Buffer): string {
  assertKey(key);
  // Random 96-bit IVs: fine for the low message counts of per-user secrets under one key.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALG, key, iv, { authTagLength: TAG_BYTES });
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

function decodePart(s: string, expectedLen?: number): Buffer | null {
  if (!B64URL.test(s)) return null;
  const buf = Buffer.from(s, "base64url");
  // Reject non-canonical encodings so each ciphertext has exactly one textual form.
  if (buf.toString("base64url") !== s) return null;
  if (expectedLen !== undefined && buf.length !== expectedLen) return null;
  return buf;
}

/** Throws one generic error for every failure so callers can't leak why (or any key/plaintext). */
export function decryptSecret(box: string, key: Buffer): string {
  const fail = () => new Error("could not decrypt secret");
  if (typeof box !== "string" || !Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw fail();
  const parts = box.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw fail();
  const iv = decodePart(parts[1] ?? "", IV_BYTES);
  const tag = decodePart(parts[2] ?? "", TAG_BYTES);
  const ct = decodePart(parts[3] ?? "");
  if (!iv || !tag || !ct) throw fail();
  try {
    const decipher = createDecipheriv(ALG, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    const pt = Buffer.concat([decipher.update(ct), decipher.final()]);
    return pt.toString("utf8");
  } catch {
    throw fail();
  }
}

/** Accepts 64 hex chars, or base64/base64url encoding exactly 32 bytes. */
export function parseKey(hexOrBase64: string): Buffer {
  const s = typeof hexOrBase64 === "string" ? hexOrBase64.trim() : "";
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, "hex");
  // 32 bytes = 43 base64 chars plus optional single "=" padding.
  const m = /^([A-Za-z0-9+/_-]{43})=?$/.exec(s);
  if (m && m[1] !== undefined) {
    const body = m[1];
    if (/[+/]/.test(body) && /[-_]/.test(body)) throw new Error("encryption key mixes base64 alphabets");
    const url = body.replace(/\+/g, "-").replace(/\//g, "_");
    const buf = Buffer.from(url, "base64url");
    // Last char must carry only zero padding bits, otherwise two strings would map to one key.
    if (buf.length === KEY_BYTES && buf.toString("base64url") === url) return buf;
  }
  throw new Error("encryption key must be 64 hex characters or base64 of 32 bytes");
}
