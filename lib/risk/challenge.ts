import "server-only";
// Self-hosted proof-of-work challenge (ALTCHA's open protocol via altcha-lib; no third party, no
// network): the browser finds a number whose SHA-256 with a signed salt matches. It costs a person
// a second or two once, and a bot the same CPU on every challenge. Solutions are single use.
import { hkdfSync } from "node:crypto";
import { createChallenge, verifySolution, extractParams } from "altcha-lib/v1";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/events/record";
import type { RequestMeta } from "@/lib/session/store";
import { riskDeps } from "./runtime";

export interface PowChallenge { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number }

let key: string | undefined;
function hmacKey(): string {
  key ??= Buffer.from(hkdfSync("sha256", config().AUTH_SECRET, "sessionguard", "pow-challenge/v1", 32)).toString("hex");
  return key;
}

export async function createPowChallenge(sessionId: string): Promise<PowChallenge> {
  const { cfg } = riskDeps();
  const c = await createChallenge({
    hmacKey: hmacKey(),
    maxnumber: cfg.challenge.maxNumber,
    expires: new Date(Date.now() + cfg.challenge.expiresSeconds * 1000),
    // Bound to this session: a solution cannot be reused by another one.
    params: { sid: sessionId },
  });
  return { algorithm: c.algorithm, challenge: c.challenge, salt: c.salt, signature: c.signature, maxnumber: cfg.challenge.maxNumber };
}

/** Verifies a base64 JSON solution for this session, once; on success lifts the requirement. */
export async function acceptPowSolution(sessionId: string, userId: string, payload: string, meta: RequestMeta): Promise<boolean> {
  if (payload.length > 2048) return false;
  let ok = false;
  try {
    ok = (await verifySolution(payload, hmacKey(), true)) && extractParams(payload).sid === sessionId;
  } catch {
    ok = false;
  }
  const { store, cfg } = riskDeps();
  if (!ok || !(await store.once(`pow:${payload}`, Date.now(), cfg.challenge.expiresSeconds * 1000))) return false;
  await db().session.updateMany({ where: { id: sessionId, requiredAction: "challenge" }, data: { requiredAction: null } });
  await store.markChallengePassed(sessionId, Date.now());
  await recordEvent({ type: "risk.challenge_passed", userId, sessionId, ip: meta.ip, userAgent: meta.userAgent });
  return true;
}
