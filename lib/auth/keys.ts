import "server-only";
// Key material derived from the validated config. Separate purposes get separate keys.
import { hkdfSync } from "node:crypto";
import { config } from "@/lib/config";
import { parseKey } from "@/lib/crypto/aead";

let totpKey: Buffer | undefined;
let pepper: Buffer | undefined;

/** AES-256-GCM key for TOTP secrets at rest (its own variable, so it can be rotated alone). */
export function totpEncryptionKey(): Buffer {
  totpKey ??= parseKey(config().TOTP_ENCRYPTION_KEY);
  return totpKey;
}

/** HMAC key for recovery-code hashes, derived from AUTH_SECRET. */
export function recoveryCodePepper(): Buffer {
  pepper ??= Buffer.from(hkdfSync("sha256", config().AUTH_SECRET, "sessionguard", "recovery-code-pepper/v1", 32));
  return pepper;
}
