// Issue 13 path 7: proof-of-work answers reused by re-encoding the payload, and puzzles the server
// never issued to this session. Real database, real altcha-lib solving; nothing mocked.
import { hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createChallenge, solveChallenge, verifySolution } from "altcha-lib/v1";
import { db } from "@/lib/db/client";
import { createSession } from "@/lib/session/store";
import { MemoryRiskStore } from "@/lib/risk/store";
import { acceptPowSolution, createPowChallenge, createSignInChallenge, sessionScope, signInScope, spendPowSolution, type PowChallenge } from "@/lib/risk/challenge";
import { purgeExpired } from "@/lib/session/purge";
import { makeUser, meta } from "../support/fixtures";

// Small puzzles: the test is about acceptance, not cost.
process.env.RISK_CONFIG_JSON = JSON.stringify({ challenge: { maxNumber: 3000 } });

interface Solved { algorithm: string; challenge: string; number: number; salt: string; signature: string }

async function solve(c: PowChallenge): Promise<Solved> {
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!s) throw new Error("unsolvable");
  return { algorithm: c.algorithm, challenge: c.challenge, number: s.number, salt: c.salt, signature: c.signature };
}

/** Five encodings of ONE solution: each decodes to the same answer. */
function reEncodings(s: Solved): string[] {
  const plain = Buffer.from(JSON.stringify(s)).toString("base64");
  const reordered = Buffer.from(JSON.stringify({ signature: s.signature, salt: s.salt, number: s.number, challenge: s.challenge, algorithm: s.algorithm })).toString("base64");
  const withNewline = `${plain.slice(0, 20)}\n${plain.slice(20)}`;
  const numberAsString = Buffer.from(JSON.stringify({ ...s, number: String(s.number) })).toString("base64");
  const extraKey = Buffer.from(JSON.stringify({ ...s, took: 12 })).toString("base64");
  return [plain, reordered, withNewline, numberAsString, extraKey];
}

async function sessionNeedingPuzzle() {
  const u = await makeUser();
  const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
  // Test setup: the state the risk engine leaves after a burst (lib/risk/enforce.ts).
  await db().session.update({ where: { id: s.sessionId }, data: { requiredAction: "challenge" } });
  return { u, s };
}

describe("PoW single use", () => {
  it("old rule (single-use key = raw payload): one solve gives five passes", async () => {
    const hmacKey = "old-rule-demo-key";
    const c = await createChallenge({ hmacKey, maxnumber: 3000, expires: new Date(Date.now() + 60_000) });
    const solved = await solve({ ...c, maxnumber: 3000 });
    const store = new MemoryRiskStore();
    let passes = 0;
    for (const payload of reEncodings(solved)) {
      if ((await verifySolution(payload, hmacKey, true)) && (await store.once(`pow:${payload}`, Date.now(), 60_000))) passes++;
    }
    expect(passes).toBe(5);
  });

  it("new rule: the five re-encodings give exactly one pass; the session's requirement is lifted once", async () => {
    const { u, s } = await sessionNeedingPuzzle();
    const solved = await solve(await createPowChallenge(s.sessionId));
    const results: boolean[] = [];
    for (const payload of reEncodings(solved)) results.push(await acceptPowSolution(s.sessionId, u.userId, payload, meta()));
    expect(results).toEqual([true, false, false, false, false]);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.sessionId }, select: { requiredAction: true } })).requiredAction).toBeNull();
    expect(await db().securityEvent.count({ where: { sessionId: s.sessionId, type: "risk.challenge_passed" } })).toBe(1);
    expect(await db().securityEvent.count({ where: { sessionId: s.sessionId, type: "risk.challenge_refused" } })).toBe(4);
  });

  it("order does not matter: whichever encoding comes first passes, every other one is refused", async () => {
    const { u, s } = await sessionNeedingPuzzle();
    const variants = reEncodings(await solve(await createPowChallenge(s.sessionId))).reverse();
    const results = await Promise.all(variants.map((p) => acceptPowSolution(s.sessionId, u.userId, p, meta())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a puzzle issued to another session, or to a sign-in, is refused for this session", async () => {
    const a = await sessionNeedingPuzzle();
    const b = await sessionNeedingPuzzle();
    const forA = await solve(await createPowChallenge(a.s.sessionId));
    const forB = Buffer.from(JSON.stringify(forA)).toString("base64");
    expect(await acceptPowSolution(b.s.sessionId, b.u.userId, forB, meta())).toBe(false);
    const signIn = await solve(await createSignInChallenge(b.u.email, 3000));
    expect(await acceptPowSolution(b.s.sessionId, b.u.userId, Buffer.from(JSON.stringify(signIn)).toString("base64"), meta())).toBe(false);
    // ...and each still works in its own scope.
    expect(await acceptPowSolution(a.s.sessionId, a.u.userId, forB, meta())).toBe(true);
    expect(await spendPowSolution(signInScope(b.u.email), Buffer.from(JSON.stringify(signIn)).toString("base64"))).toBe(true);
  });

  it("a correctly signed puzzle the server never issued (no row) is refused", async () => {
    const { u, s } = await sessionNeedingPuzzle();
    // The server's own key and parameter layout, but no issued row: an unrequested puzzle.
    const hmacKey = Buffer.from(hkdfSync("sha256", process.env.AUTH_SECRET ?? "", "sessionguard", "pow-challenge/v1", 32)).toString("hex");
    const c = await createChallenge({ hmacKey, maxnumber: 3000, expires: new Date(Date.now() + 60_000), params: { sid: s.sessionId, cid: "never-issued" } });
    const solved = await solve({ ...c, maxnumber: 3000 });
    const payload = Buffer.from(JSON.stringify(solved)).toString("base64");
    expect(await verifySolution(payload, hmacKey, true)).toBe(true); // the old rule's whole check
    expect(await acceptPowSolution(s.sessionId, u.userId, payload, meta())).toBe(false);
    expect(await spendPowSolution(sessionScope(s.sessionId), payload)).toBe(false);
  });

  it("an expired issued puzzle is refused", async () => {
    const { s } = await sessionNeedingPuzzle();
    const c = await createPowChallenge(s.sessionId);
    const payload = Buffer.from(JSON.stringify(await solve(c))).toString("base64");
    expect(await spendPowSolution(sessionScope(s.sessionId), payload, new Date(Date.now() + 10 * 60_000))).toBe(false);
  });

  it("issued puzzles are purged an hour after they expire", async () => {
    const { s } = await sessionNeedingPuzzle();
    await createPowChallenge(s.sessionId);
    const before = await db().powChallenge.count({ where: { scope: sessionScope(s.sessionId) } });
    expect(before).toBe(1);
    await purgeExpired({ now: new Date(Date.now() + 30 * 60_000) });
    expect(await db().powChallenge.count({ where: { scope: sessionScope(s.sessionId) } })).toBe(1);
    const r = await purgeExpired({ now: new Date(Date.now() + 2 * 60 * 60_000) });
    expect(r.deleted.powChallenges).toBeGreaterThanOrEqual(1);
    expect(await db().powChallenge.count({ where: { scope: sessionScope(s.sessionId) } })).toBe(0);
  });
});
