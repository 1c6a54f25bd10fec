// Passkeys (issue 14) against a real database: enrolment, the second sign-in step and step-up,
// with a software authenticator. Every refusal (replayed challenge, another origin or RP id,
// another pending sign-in, counter regression, unknown credential, garbage) writes no passkey and
// no session.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { authenticationOptions, passwordlessOptions, CHALLENGE_SECONDS, hashChallenge, listPasskeys, PASSKEY_ERRORS, registerPasskey, registrationOptions, relyingParty } from "@/lib/auth/passkeys";
import { passwordlessSignIn, verifyPasskeySecondFactor } from "@/lib/auth/second-factor";
import { stepUp } from "@/lib/auth/step-up";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { makeUser, meta } from "../support/fixtures";
import { SoftAuthenticator } from "../support/soft-authenticator";

async function signedInUser() {
  const u = await makeUser();
  const issued = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
  return { u, issued };
}

async function withPasskey() {
  const { u, issued } = await signedInUser();
  const auth = new SoftAuthenticator(relyingParty().origin, relyingParty().rpID);
  const options = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
  const r = await registerPasskey({ userId: u.userId, sessionId: issued.sessionId }, auth.register(options.challenge), "Laptop");
  expect(r.ok).toBe(true);
  return { u, issued, auth };
}

async function pendingFor(userId: string) {
  const row = await db().pendingSignIn.create({ data: { userId, purpose: "mfa", ip: "203.0.113.10", expiresAt: new Date(Date.now() + 300_000) }, select: { id: true } });
  return { pendingId: row.id, userId, purpose: "mfa" as const };
}

async function signInChallenge(p: { userId: string; pendingId: string }) {
  const options = await authenticationOptions({ userId: p.userId, pendingId: p.pendingId, purpose: "signin" });
  if (!options) throw new Error("no passkey");
  return options.challenge;
}

const sessionsOf = (userId: string) => db().session.count({ where: { userId } });

describe("passkey enrolment", () => {
  it("stores the credential (name, AAGUID, transports, counter) and keeps only the challenge's hash", async () => {
    const { u, issued } = await signedInUser();
    const auth = new SoftAuthenticator();
    const options = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
    expect(options.rp.id).toBe("localhost");
    expect(options.authenticatorSelection?.userVerification).toBe("required");
    const stored = await db().webAuthnChallenge.findMany({ where: { userId: u.userId }, select: { challengeHash: true, expiresAt: true, sessionId: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.challengeHash).toBe(hashChallenge(options.challenge));
    expect(stored[0]?.challengeHash).not.toContain(options.challenge);
    expect(stored[0]?.sessionId).toBe(issued.sessionId);
    expect(stored[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(CHALLENGE_SECONDS * 1000);
    const r = await registerPasskey({ userId: u.userId, sessionId: issued.sessionId }, auth.register(options.challenge), "Laptop");
    expect(r.ok).toBe(true);
    const row = await db().passkey.findFirst({ where: { userId: u.userId }, select: { credentialId: true, name: true, aaguid: true, transports: true, counter: true } });
    expect(row).toEqual({ credentialId: auth.id, name: "Laptop", aaguid: "00000000-0000-0000-0000-000000000000", transports: "internal", counter: 0n });
    expect((await listPasskeys(u.userId)).map((p) => p.name)).toEqual(["Laptop"]);
  });

  it("refuses a reused challenge, another session's challenge, another origin, another RP id and garbage, storing nothing", async () => {
    const { u, issued } = await signedInUser();
    const other = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const binding = { userId: u.userId, sessionId: issued.sessionId };
    const good = new SoftAuthenticator();
    const o1 = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
    // Bound to the session that asked: another session of the same user cannot answer it.
    expect(await registerPasskey({ userId: u.userId, sessionId: other.sessionId }, good.register(o1.challenge), "x")).toMatchObject({ ok: false, why: "challenge" });
    const o2 = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
    expect(await registerPasskey(binding, new SoftAuthenticator("https://evil.example", "localhost").register(o2.challenge), "x")).toMatchObject({ ok: false, message: PASSKEY_ERRORS.refused });
    // The refused answer spent the challenge: even a correct answer to it now fails.
    expect(await registerPasskey(binding, good.register(o2.challenge), "x")).toMatchObject({ ok: false, why: "challenge" });
    const o3 = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
    expect(await registerPasskey(binding, new SoftAuthenticator(relyingParty().origin, "evil.example").register(o3.challenge), "x")).toMatchObject({ ok: false, message: PASSKEY_ERRORS.refused });
    for (const garbage of ["", "{", "null", "[]", JSON.stringify({ id: "a", rawId: "a", type: "public-key", response: { clientDataJSON: "!!", attestationObject: "a" } })]) {
      expect(await registerPasskey(binding, garbage, "x")).toMatchObject({ ok: false, message: PASSKEY_ERRORS.unreadable });
    }
    expect(await db().passkey.count({ where: { userId: u.userId } })).toBe(0);
  });

  it("allows several passkeys per account and refuses the same credential twice", async () => {
    const { u, issued, auth } = await withPasskey();
    const binding = { userId: u.userId, sessionId: issued.sessionId };
    const o = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
    expect(o.excludeCredentials?.map((c) => c.id)).toEqual([auth.id]);
    expect(await registerPasskey(binding, auth.register(o.challenge), "again")).toMatchObject({ ok: false, why: "duplicate" });
    const o2 = await registrationOptions({ id: u.userId, email: u.email }, issued.sessionId);
    expect((await registerPasskey(binding, new SoftAuthenticator().register(o2.challenge), "Phone")).ok).toBe(true);
    expect((await listPasskeys(u.userId)).map((p) => p.name)).toEqual(["Laptop", "Phone"]);
  });
});

describe("password + passkey sign-in", () => {
  it("a good assertion ends the pending sign-in in a session with mfaMethod passkey; the counter and last use are kept", async () => {
    const { u, auth } = await withPasskey();
    const p = await pendingFor(u.userId);
    const challenge = await signInChallenge(p);
    const r = await verifyPasskeySecondFactor(p, auth.assert(challenge), meta());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = await validateSessionToken(r.issued.token, meta());
    expect(v.ok && v.session.mfaMethod).toBe("passkey");
    const row = await db().passkey.findFirst({ where: { userId: u.userId }, select: { counter: true, lastUsedAt: true } });
    expect(row?.counter).toBe(1n);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "signin.success" } })).toBe(1);
  });

  it("a challenge cannot be reused: the same assertion replayed, or a new assertion over a spent challenge, is refused", async () => {
    const { u, auth } = await withPasskey();
    const p1 = await pendingFor(u.userId);
    const c1 = await signInChallenge(p1);
    const a1 = auth.assert(c1);
    expect((await verifyPasskeySecondFactor(p1, a1, meta())).ok).toBe(true);
    const before = await sessionsOf(u.userId);
    const p2 = await pendingFor(u.userId);
    await signInChallenge(p2);
    expect(await verifyPasskeySecondFactor(p2, a1, meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    expect(await verifyPasskeySecondFactor(p2, auth.assert(c1), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    expect(await sessionsOf(u.userId)).toBe(before);
  });

  it("an assertion for another origin (a phishing proxy) or another RP id is refused and its challenge is spent", async () => {
    const { u, auth } = await withPasskey();
    const p = await pendingFor(u.userId);
    const before = await sessionsOf(u.userId);
    const c1 = await signInChallenge(p);
    expect(await verifyPasskeySecondFactor(p, auth.assert(c1, { origin: "http://localhost:3999" }), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.refused });
    expect(await verifyPasskeySecondFactor(p, auth.assert(c1), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    const c2 = await signInChallenge(p);
    expect(await verifyPasskeySecondFactor(p, auth.assert(c2, { rpId: "evil.example" }), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.refused });
    const c3 = await signInChallenge(p);
    expect(await verifyPasskeySecondFactor(p, auth.assert(c3, { uv: false }), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.refused });
    expect(await sessionsOf(u.userId)).toBe(before);
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "passkey.refused" } })).toBe(4);
  });

  it("refuses another pending sign-in's challenge, an expired challenge, a counter regression and an unknown credential", async () => {
    const { u, auth } = await withPasskey();
    const before = await sessionsOf(u.userId);
    const p1 = await pendingFor(u.userId);
    const p2 = await pendingFor(u.userId);
    const c1 = await signInChallenge(p1);
    expect(await verifyPasskeySecondFactor(p2, auth.assert(c1), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    const c2 = await signInChallenge(p1);
    await db().webAuthnChallenge.updateMany({ where: { challengeHash: hashChallenge(c2) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifyPasskeySecondFactor(p1, auth.assert(c2), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    await db().passkey.updateMany({ where: { userId: u.userId }, data: { counter: 50n } });
    const c3 = await signInChallenge(p1);
    expect(await verifyPasskeySecondFactor(p1, auth.assert(c3, { counter: 7 }), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.refused });
    const c4 = await signInChallenge(p1);
    expect(await verifyPasskeySecondFactor(p1, new SoftAuthenticator().assert(c4), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.unknown });
    expect(await sessionsOf(u.userId)).toBe(before);
    expect((await db().passkey.findFirst({ where: { userId: u.userId }, select: { counter: true } }))?.counter).toBe(50n);
  });

  it("answers garbage with a clear refusal ", async () => {
    const { u } = await withPasskey();
    const before = await sessionsOf(u.userId);
    const p = await pendingFor(u.userId);
    await signInChallenge(p);
    expect(await verifyPasskeySecondFactor(p, "{not json", meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.unreadable });
    expect(await verifyPasskeySecondFactor(p, "{}", meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.unreadable });
    // Well-formed but no challenge inside clientDataJSON ("{}"): nothing to spend.
    const noChallenge = JSON.stringify({ id: "x", rawId: "x", type: "public-key", clientExtensionResults: {}, response: { clientDataJSON: "e30", authenticatorData: "AA", signature: "AA" } });
    expect(await verifyPasskeySecondFactor(p, noChallenge, meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    expect(await sessionsOf(u.userId)).toBe(before);
  });

  it("offers no passkey challenge to an account without one", async () => {
    const u = await makeUser();
    const p = await pendingFor(u.userId);
    expect(await authenticationOptions({ userId: p.userId, pendingId: p.pendingId, purpose: "signin" })).toBeNull();
  });
});

describe("passkey step-up", () => {
  it("rotates the token and records mfaMethod passkey; a sign-in challenge cannot be used for step-up", async () => {
    const { u, issued, auth } = await withPasskey();
    const v = await validateSessionToken(issued.token, meta());
    if (!v.ok) throw new Error("no session");
    const p = await pendingFor(u.userId);
    const foreign = await signInChallenge(p);
    expect(await stepUp(v.session, { kind: "passkey", response: auth.assert(foreign) }, meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    const options = await authenticationOptions({ purpose: "stepup", userId: u.userId, sessionId: issued.sessionId });
    const r = await stepUp(v.session, { kind: "passkey", response: auth.assert(options!.challenge) }, meta());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const after = await validateSessionToken(r.issued.token, meta());
    expect(after.ok && after.session.mfaMethod).toBe("passkey");
    expect((await validateSessionToken(issued.token, meta())).ok).toBe(false);
    expect(await db().securityEvent.count({ where: { sessionId: issued.sessionId, type: "stepup.success" } })).toBe(1);
  });
});

describe("passwordless sign-in (discoverable credential + user verification)", () => {
  const nonce = () => `n${Math.random().toString(36).slice(2)}${"x".repeat(30)}`.slice(0, 43);

  it("signs in with mfaMethod passkey; the challenge is bound to the asking browser's nonce and single-use", async () => {
    const { u, auth } = await withPasskey();
    const before = await sessionsOf(u.userId);
    const n1 = nonce();
    const o = await passwordlessOptions(n1);
    expect(o.allowCredentials ?? []).toEqual([]);
    expect(o.userVerification).toBe("required");
    const a = auth.assert(o.challenge, { userHandle: u.userId });
    expect(await passwordlessSignIn(nonce(), a, meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    // That refusal did not spend n1's challenge (another binding finds no row), so the owner's answer still works.
    const r = await passwordlessSignIn(n1, a, meta());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.userId).toBe(u.userId);
    const v = await validateSessionToken(r.issued.token, meta());
    expect(v.ok && v.session.mfaMethod).toBe("passkey");
    expect(await passwordlessSignIn(n1, a, meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.challenge });
    expect(await sessionsOf(u.userId)).toBe(before + 1);
    const ev = await db().securityEvent.findFirst({ where: { userId: u.userId, type: "signin.success" }, select: { details: true } });
    expect(JSON.parse(ev?.details ?? "{}")).toMatchObject({ method: "passkey", passwordless: true });
  });

  it("refuses another origin, no user verification, a user handle naming another account and an unknown credential", async () => {
    const { u, auth } = await withPasskey();
    const other = await makeUser();
    const before = await sessionsOf(u.userId);
    const tries: [string, Parameters<SoftAuthenticator["assert"]>[1], string][] = [
      ["origin", { userHandle: u.userId, origin: "http://localhost:3999" }, PASSKEY_ERRORS.refused],
      ["uv", { userHandle: u.userId, uv: false }, PASSKEY_ERRORS.refused],
      ["handle", { userHandle: other.userId }, PASSKEY_ERRORS.refused],
      ["no handle", {}, PASSKEY_ERRORS.refused],
    ];
    for (const [what, o, message] of tries) {
      const n = nonce();
      const opts = await passwordlessOptions(n);
      expect(await passwordlessSignIn(n, auth.assert(opts.challenge, o), meta()), what).toMatchObject({ ok: false, message });
    }
    const n = nonce();
    const opts = await passwordlessOptions(n);
    expect(await passwordlessSignIn(n, new SoftAuthenticator().assert(opts.challenge, { userHandle: u.userId }), meta())).toMatchObject({ ok: false, message: PASSKEY_ERRORS.unknown_any });
    expect(await sessionsOf(u.userId)).toBe(before);
    expect(await sessionsOf(other.userId)).toBe(0);
  });
});

describe("email change with a passkey instead of a code", () => {
  it("a fresh assertion for this session's challenge is the fresh factor; a replayed one is not", async () => {
    const { requestEmailChange } = await import("@/lib/account/email-change");
    const { u, issued, auth } = await withPasskey();
    const binding = { purpose: "stepup" as const, userId: u.userId, sessionId: issued.sessionId };
    const o = await authenticationOptions(binding);
    const a = auth.assert(o!.challenge);
    const s = { userId: u.userId, sessionId: issued.sessionId };
    const first = await requestEmailChange(s, { email: `new-${Date.now()}@example.test`, kind: "passkey", response: a }, meta());
    expect(first.ok).toBe(true);
    const again = await requestEmailChange(s, { email: `other-${Date.now()}@example.test`, kind: "passkey", response: a }, meta());
    expect(again).toMatchObject({ ok: false, wrongCode: true, message: PASSKEY_ERRORS.challenge });
  });
});
