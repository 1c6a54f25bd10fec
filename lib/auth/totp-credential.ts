import "server-only";
// TOTP secrets at rest (encrypted) and the one-time acceptance of each code.
import { db } from "@/lib/db/client";
import { decryptSecret, encryptSecret } from "@/lib/crypto/aead";
import { generateTotpSecret, matchTotp, otpauthUri } from "./totp";
import { totpEncryptionKey } from "./keys";

export type CodeCheck = { ok: true; step: number } | { ok: false; why: "invalid" | "reused" | "no_credential" };

/** The enrolment secret: created once and kept until confirmed, so a reload shows the same QR. */
export async function enrollmentSecret(userId: string, email: string): Promise<{ secret: string; uri: string } | null> {
  const existing = await db().totpCredential.findUnique({ where: { userId }, select: { secretEnc: true, confirmedAt: true } });
  if (existing?.confirmedAt) return null;
  let secret: string;
  if (existing) {
    secret = decryptSecret(existing.secretEnc, totpEncryptionKey());
  } else {
    secret = generateTotpSecret();
    await db().totpCredential.upsert({
      where: { userId },
      create: { userId, secretEnc: encryptSecret(secret, totpEncryptionKey()) },
      update: {},
    });
    // A concurrent request may have won the upsert: read back whatever is stored.
    const row = await db().totpCredential.findUniqueOrThrow({ where: { userId }, select: { secretEnc: true } });
    secret = decryptSecret(row.secretEnc, totpEncryptionKey());
  }
  return { secret, uri: otpauthUri({ secretBase32: secret, accountName: email }) };
}

/**
 * Accepts `code` at most once: the matched time-step must be above the last one used, and the
 * conditional update makes two concurrent submissions of one code race for a single row change.
 */
export async function consumeTotpCode(userId: string, code: string, opts: { confirming?: boolean; now?: Date } = {}): Promise<CodeCheck> {
  const cred = await db().totpCredential.findUnique({ where: { userId }, select: { id: true, secretEnc: true, confirmedAt: true, lastUsedStep: true } });
  if (!cred || (!opts.confirming && !cred.confirmedAt) || (opts.confirming && cred.confirmedAt)) return { ok: false, why: "no_credential" };
  const step = matchTotp(decryptSecret(cred.secretEnc, totpEncryptionKey()), code, Math.floor((opts.now ?? new Date()).getTime() / 1000));
  if (step === null) return { ok: false, why: "invalid" };
  if (cred.lastUsedStep !== null && step <= cred.lastUsedStep) return { ok: false, why: "reused" };
  const { count } = await db().totpCredential.updateMany({
    where: { id: cred.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step, ...(opts.confirming ? { confirmedAt: opts.now ?? new Date() } : {}) },
  });
  return count === 1 ? { ok: true, step } : { ok: false, why: "reused" };
}

export async function hasConfirmedTotp(userId: string): Promise<boolean> {
  const cred = await db().totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } });
  return Boolean(cred?.confirmedAt);
}
