import "server-only";
// Ten single-use recovery codes, shown once; only keyed hashes are stored.
import { db } from "@/lib/db/client";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { recoveryCodePepper } from "./keys";

/** Replaces the user's recovery codes and returns the new plain codes (the only time they exist). */
export async function issueRecoveryCodes(userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes(10);
  const pepper = recoveryCodePepper();
  await db().$transaction([
    db().recoveryCode.deleteMany({ where: { userId } }),
    db().recoveryCode.createMany({
      data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normalizeRecoveryCode(c) ?? c, userId, pepper) })),
    }),
  ]);
  return codes;
}

/** Marks one code used; true only for the single request that used it. */
export async function consumeRecoveryCode(userId: string, input: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(input);
  if (!normalized) return false;
  const { count } = await db().recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(normalized, userId, recoveryCodePepper()), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export async function remainingRecoveryCodes(userId: string): Promise<number> {
  return db().recoveryCode.count({ where: { userId, usedAt: null } });
}
