import "server-only";
// Self-hosted proof-of-work challenge (ALTCHA's open protocol via altcha-lib; no third party, no
// network): the browser finds a number whose SHA-256 with a signed salt matches. It costs a person
// a second or two once, and a bot the same CPU on every challenge.
//
// Every puzzle the server hands out is a PowChallenge row with a random id (also inside the signed
// salt, so it cannot be altered) and a scope: one session, or one account's sign-in. A solution is
// accepted only for a row of the expected scope, once, and the row is spent by its id AND its
// signature. The raw payload is never the single-use key: base64 with a newline, JSON keys in
// another order, the number as a string or an extra key all decode to the same id and signature
// and so to the same, already spent, row.
import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { createChallenge, verifySolution, extractParams } from "altcha-lib/v1";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/events/record";
import { clearRequiredAction, type RequestMeta } from "@/lib/session/store";
import { riskDeps } from "./runtime";

export interface PowChallenge { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number }

/** Solutions larger than this are refused before any parsing. */
export const MAX_POW_PAYLOAD = 2048;

let key: string | undefined;
function hmacKey(): string {
  key ??= Buffer.from(hkdfSync("sha256", config().AUTH_SECRET, "sessionguard", "pow-challenge/v1", 32)).toString("hex");
  return key;
}

export const sessionScope = (sessionId: string) => `session:${sessionId}`;
/** The sign-in scope names the account by a hash of its canonical address (the row never holds the address). */
export const signInScope = (canonicalEmail: string) => `signin:${createHash("sha256").update(canonicalEmail).digest("hex")}`;

async function issue(scope: string, maxNumber: number, params: Record<string, string> = {}): Promise<PowChallenge> {
  const { cfg } = riskDeps();
  const id = randomBytes(16).toString("base64url");
  const expiresAt = new Date(Date.now() + cfg.challenge.expiresSeconds * 1000);
  const c = await createChallenge({ hmacKey: hmacKey(), maxnumber: maxNumber, expires: expiresAt, params: { ...params, cid: id } });
  await db().powChallenge.create({ data: { id, scope, signature: c.signature, maxNumber, expiresAt }, select: { id: true } });
  return { algorithm: c.algorithm, challenge: c.challenge, salt: c.salt, signature: c.signature, maxnumber: maxNumber };
}

/** A puzzle for a session the risk engine asked to prove it is not a script. */
export async function createPowChallenge(sessionId: string): Promise<PowChallenge> {
  return issue(sessionScope(sessionId), riskDeps().cfg.challenge.maxNumber, { sid: sessionId });
}

/** A puzzle in front of one account's password step (lib/auth/sign-in.ts), of the given size. */
export async function createSignInChallenge(canonicalEmail: string, maxNumber: number): Promise<PowChallenge> {
  return issue(signInScope(canonicalEmail), maxNumber);
}

/**
 * Verifies a base64 JSON solution and spends the issued row it answers, if that row belongs to
 * `scope`, is unspent and unexpired. True exactly once per issued puzzle.
 */
export async function spendPowSolution(scope: string, payload: string, now = new Date()): Promise<boolean> {
  if (typeof payload !== "string" || payload.length > MAX_POW_PAYLOAD) return false;
  let cid: string | undefined;
  let signature: unknown;
  try {
    if (!(await verifySolution(payload, hmacKey(), true))) return false;
    cid = extractParams(payload).cid;
    signature = (JSON.parse(atob(payload)) as { signature?: unknown }).signature;
  } catch {
    return false;
  }
  if (typeof cid !== "string" || typeof signature !== "string") return false;
  const { count } = await db().powChallenge.updateMany({
    where: { id: cid, scope, signature, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** A session's solution: accepted once, for a puzzle issued to this session; lifts the requirement. */
export async function acceptPowSolution(sessionId: string, userId: string, payload: string, meta: RequestMeta): Promise<boolean> {
  if (!(await spendPowSolution(sessionScope(sessionId), payload))) {
    await recordEvent({ type: "risk.challenge_refused", userId, sessionId, ip: meta.ip, userAgent: meta.userAgent });
    return false;
  }
  const { store } = riskDeps();
  await clearRequiredAction(sessionId, "challenge");
  await store.markChallengePassed(sessionId, Date.now());
  await recordEvent({ type: "risk.challenge_passed", userId, sessionId, ip: meta.ip, userAgent: meta.userAgent });
  return true;
}
