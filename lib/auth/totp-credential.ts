import "server-only";
// TOTP secrets at rest (encrypted) and the one-time acceptance of each code.
import { db } from "@/lib/db/client";
import { decryptSecret, encryptSecret } from "@/lib/crypto/aead";
import { generateTotpSecret, matchTotp, otpauthUri } from "./totp";
import { totpEncryptionKey } from "./keys";

export type CodeCheck = { ok: true; step: number } | { ok: false; why: "invalid" | "reused" | "no_credential" };

/**
 * The enrolment secret of the pending sign-in `shownTo` (null: the operator CLI, which confirms it
 * at once). A reload of the same pending sign-in shows the same QR; any other sign-in gets a NEW
 * secret that replaces the unconfirmed one, so a secret somebody read earlier (an attacker who
 * registered the address first, issue 13 path 6) can never be the one the owner enrols.
 */
export async function enrollmentSecret(userId: string, email: string, shownTo: string | null): Promise<{ secret: string; uri: string } | null> {
  const existing = await db().totpCredential.findUnique({ where: { userId }, select: { secretEnc: true, confirmedAt: true, shownToPendingId: true } });
  if (existing?.confirmedAt) return null;
  const uri = (secret: string) => ({ secret, uri: otpauthUri({ secretBase32: secret, accountName: email }) });
  if (existing && shownTo !== null && existing.shownToPendingId === shownTo) return uri(decryptSecret(existing.secretEnc, totpEncryptionKey()));
  const fresh = encryptSecret(generateTotpSecret(), totpEncryptionKey());
  if (existing) {
    // Conditional on what was read: of two concurrent loads, one replaces it, the other reads that back.
    await db().totpCredential.updateMany({ where: { userId, confirmedAt: null, shownToPendingId: existing.shownToPendingId }, data: { secretEnc: fresh, shownToPendingId: shownTo, lastUsedStep: null } });
  } else {
    await db().totpCredential.upsert({ where: { userId }, create: { userId, secretEnc: fresh, shownToPendingId: shownTo }, update: {} });
  }
  // A concurrent request may have won: read back whatever is stored, and show it only if it is ours.
  const row = await db().totpCredential.findUniqueOrThrow({ where: { userId }, select: { secretEnc: true, confirmedAt: true, shownToPendingId: true } });
  if (row.confirmedAt || row.shownToPendingId !== shownTo) return null;
  return uri(decryptSecret(row.secretEnc, totpEncryptionKey()));
}

/**
 * Accepts `code` at most once: the matched time-step must be above the last one used, and the
 * conditional update makes two concurrent submissions of one code race for a single row change.
 */
export async function consumeTotpCode(userId: string, code: string, opts: { confirming?: boolean; shownTo?: string; now?: Date } = {}): Promise<CodeCheck> {
  const cred = await db().totpCredential.findUnique({ where: { userId }, select: { id: true, secretEnc: true, confirmedAt: true, lastUsedStep: true, shownToPendingId: true } });
  if (!cred || (!opts.confirming && !cred.confirmedAt) || (opts.confirming && cred.confirmedAt)) return { ok: false, why: "no_credential" };
  // Enrolment confirms only the secret that was shown to this very sign-in.
  if (opts.confirming && opts.shownTo !== undefined && cred.shownToPendingId !== opts.shownTo) return { ok: false, why: "no_credential" };
  const step = matchTotp(decryptSecret(cred.secretEnc, totpEncryptionKey()), code, Math.floor((opts.now ?? new Date()).getTime() / 1000));
  if (step === null) return { ok: false, why: "invalid" };
  if (cred.lastUsedStep !== null && step <= cred.lastUsedStep) return { ok: false, why: "reused" };
  const { count } = await db().totpCredential.updateMany({
    where: { id: cred.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }], ...(opts.confirming && opts.shownTo !== undefined ? { shownToPendingId: opts.shownTo, confirmedAt: null } : {}) },
    data: { lastUsedStep: step, ...(opts.confirming ? { confirmedAt: opts.now ?? new Date() } : {}) },
  });
  return count === 1 ? { ok: true, step } : { ok: false, why: "reused" };
}

export async function hasConfirmedTotp(userId: string): Promise<boolean> {
  const cred = await db().totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } });
  return Boolean(cred?.confirmedAt);
}
