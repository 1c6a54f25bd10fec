import "server-only";
// Passkeys (WebAuthn, issue 14). All parsing and verification of attestations and assertions is
// @simplewebauthn/server's (no CBOR/COSE of ours); this module keeps the challenges and the rows.
//
// Challenges: 32 random bytes made by the library, handed to the browser, stored ONLY as their
// SHA-256, valid for CHALLENGE_SECONDS, spent at the first answer (right or wrong), and bound to
// what asked for them: the pending sign-in (sign-in) or the session (enrolment, step-up). An
// answer to a challenge issued to someone else, or for another purpose, finds no row.
// RP id and origin come from APP_URL: an assertion made on any other origin (a phishing proxy's)
// or for another RP id is refused by the library's checks of clientDataJSON.origin and rpIdHash.
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";

export const CHALLENGE_SECONDS = 120;
export const MAX_PASSKEYS = 10;
export const PASSKEY_ERRORS = {
  unreadable: "The passkey response could not be read. Try again.",
  challenge: "This passkey request expired or was already used. Try again.",
  refused: "The passkey could not be verified.",
  unknown: "This passkey is not registered to your account.",
  unknown_any: "This passkey is not registered here. Sign in with your password instead.",
  limit: `An account can have at most ${MAX_PASSKEYS} passkeys.`,
} as const;

export type ChallengePurpose = "register" | "signin" | "stepup" | "passwordless";
/** What a challenge is bound to: the user, and the pending sign-in or the session that asked. */
export type ChallengeBinding =
  | { purpose: "signin"; userId: string; pendingId: string }
  | { purpose: "register" | "stepup"; userId: string; sessionId: string };

/** The relying party, from APP_URL: the RP id is its host name, the origin its scheme+host+port. */
export function relyingParty(appUrl = config().APP_URL): { rpID: string; origin: string; rpName: string } {
  const url = new URL(appUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: "SessionGuard" };
}

export const hashChallenge = (challenge: string): string => createHash("sha256").update(challenge, "utf8").digest("hex");

/** Passwordless sign-in: the challenge is bound to the asking browser's nonce cookie (no user yet). */
export type PasswordlessBinding = { purpose: "passwordless"; browserNonce: string };
type AnyBinding = ChallengeBinding | PasswordlessBinding;

function bindingColumns(b: AnyBinding) {
  if (b.purpose === "passwordless") return { purpose: b.purpose, userId: null, pendingId: null, sessionId: null, browserHash: hashChallenge(b.browserNonce) };
  if (b.purpose === "signin") return { purpose: b.purpose, userId: b.userId, pendingId: b.pendingId, sessionId: null, browserHash: null };
  return { purpose: b.purpose, userId: b.userId, pendingId: null, sessionId: b.sessionId, browserHash: null };
}

async function storeChallenge(binding: AnyBinding, challenge: string, now = new Date()): Promise<void> {
  // Expired challenges of anyone are cleared as new ones are made (the table stays small).
  await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  await db().webAuthnChallenge.create({
    data: { challengeHash: hashChallenge(challenge), ...bindingColumns(binding), expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000) },
    select: { id: true },
  });
}

/**
 * Spends the challenge that the response's clientDataJSON names, if it was issued for this
 * binding and is still unspent and unexpired. Exactly one caller can win (conditional update).
 * Returns the challenge to verify against, or null.
 */
export async function spendChallenge(binding: AnyBinding, clientDataJSON: string, now = new Date()): Promise<string | null> {
  const challenge = challengeOf(clientDataJSON);
  if (!challenge) return null;
  const { count } = await db().webAuthnChallenge.updateMany({
    where: { challengeHash: hashChallenge(challenge), ...bindingColumns(binding), consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  return count === 1 ? challenge : null;
}

/** The challenge inside a base64url clientDataJSON (plain JSON, not CBOR), or null. */
function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed: unknown = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON));
    const c = z.object({ challenge: z.string().min(16).max(128) }).safeParse(parsed);
    return c.success ? c.data.challenge : null;
  } catch {
    return null;
  }
}

// ---- Browser responses: sent as one JSON string form field, parsed here with zod. ----

const b64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/);
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
type Transport = (typeof TRANSPORTS)[number];
const extensionResults = z.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() }).default({});
const attachment = z.enum(["platform", "cross-platform"]).optional();

const registrationSchema = z.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
  response: z.object({
    clientDataJSON: b64url(1500),
    attestationObject: b64url(3000),
    transports: z.array(z.enum(TRANSPORTS)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(1500).optional(),
    authenticatorData: b64url(1500).optional(),
  }),
});

const authenticationSchema = z.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
  response: z.object({
    clientDataJSON: b64url(1500),
    authenticatorData: b64url(1500),
    signature: b64url(1500),
    userHandle: b64url(200).optional(),
  }),
});

function parseJson<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export const parseRegistrationResponse = (text: string): RegistrationResponseJSON | null => parseJson(registrationSchema, text);
export const parseAuthenticationResponse = (text: string): AuthenticationResponseJSON | null => parseJson(authenticationSchema, text);

// ---- Listing ----

export interface PasskeyItem { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; deviceType: string; backedUp: boolean; aaguid: string }

export async function listPasskeys(userId: string): Promise<PasskeyItem[]> {
  return db().passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true, aaguid: true },
  });
}

export async function hasPasskey(userId: string): Promise<boolean> {
  return (await db().passkey.count({ where: { userId } })) > 0;
}

const transportsOf = (s: string): Transport[] => s.split(",").filter((t): t is Transport => (TRANSPORTS as readonly string[]).includes(t));

// ---- Enrolment ----

export async function registrationOptions(user: { id: string; email: string }, sessionId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const existing = await db().passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: transportsOf(c.transports) })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
    timeout: CHALLENGE_SECONDS * 1000,
  });
  await storeChallenge({ purpose: "register", userId: user.id, sessionId }, options.challenge);
  return options;
}

export type PasskeyResult<T = object> = ({ ok: true } & T) | { ok: false; message: string; why: string };

/** Verifies an attestation for the session's challenge and stores the new passkey. Writes no passkey on any failure. */
export async function registerPasskey(binding: { userId: string; sessionId: string }, responseText: string, name: string): Promise<PasskeyResult<{ passkeyId: string }>> {
  const response = parseRegistrationResponse(responseText);
  if (!response) return { ok: false, message: PASSKEY_ERRORS.unreadable, why: "unreadable" };
  if ((await db().passkey.count({ where: { userId: binding.userId } })) >= MAX_PASSKEYS) return { ok: false, message: PASSKEY_ERRORS.limit, why: "limit" };
  const challenge = await spendChallenge({ purpose: "register", ...binding }, response.response.clientDataJSON);
  if (!challenge) return { ok: false, message: PASSKEY_ERRORS.challenge, why: "challenge" };
  const rp = relyingParty();
  let info;
  try {
    const v = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: true });
    if (!v.verified) return { ok: false, message: PASSKEY_ERRORS.refused, why: "not_verified" };
    info = v.registrationInfo;
  } catch (err) {
    return { ok: false, message: PASSKEY_ERRORS.refused, why: (err as Error).message.slice(0, 200) };
  }
  const credentialId = info.credential.id;
  if (await db().passkey.findUnique({ where: { credentialId }, select: { id: true } })) return { ok: false, message: PASSKEY_ERRORS.refused, why: "duplicate" };
  const row = await db().passkey.create({
    data: {
      userId: binding.userId,
      credentialId,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: BigInt(info.credential.counter),
      transports: (response.response.transports ?? []).join(","),
      name,
      aaguid: info.aaguid,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
    },
    select: { id: true },
  });
  return { ok: true, passkeyId: row.id };
}

/** Removes one of the user's passkeys. False when it is not theirs (or already gone). */
export async function deletePasskey(userId: string, passkeyId: string): Promise<{ name: string } | null> {
  const row = await db().passkey.findFirst({ where: { id: passkeyId, userId }, select: { id: true, name: true } });
  if (!row) return null;
  const { count } = await db().passkey.deleteMany({ where: { id: row.id, userId } });
  return count === 1 ? { name: row.name } : null;
}

// ---- Assertions (sign-in second step, step-up) ----

export async function authenticationOptions(binding: ChallengeBinding): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const creds = await db().passkey.findMany({ where: { userId: binding.userId }, select: { credentialId: true, transports: true } });
  if (creds.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: creds.map((c) => ({ id: c.credentialId, transports: transportsOf(c.transports) })),
    userVerification: "required",
    timeout: CHALLENGE_SECONDS * 1000,
  });
  await storeChallenge(binding, options.challenge);
  return options;
}

type StoredCredential = { id: string; userId: string; credentialId: string; publicKey: string; counter: bigint; transports: string };
const CRED_SELECT = { id: true, userId: true, credentialId: true, publicKey: true, counter: true, transports: true } as const;

/** The library's checks (origin and RP id from APP_URL, UV required, counter), then the counter/last-use update. */
async function verifyWith(cred: StoredCredential, response: AuthenticationResponseJSON, challenge: string, now: Date): Promise<PasskeyResult<{ passkeyId: string; userId: string }>> {
  const rp = relyingParty();
  let newCounter: number;
  try {
    const v = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: { id: cred.credentialId, publicKey: isoBase64URL.toBuffer(cred.publicKey), counter: Number(cred.counter), transports: transportsOf(cred.transports) },
    });
    if (!v.verified) return { ok: false, message: PASSKEY_ERRORS.refused, why: "not_verified" };
    newCounter = v.authenticationInfo.newCounter;
  } catch (err) {
    return { ok: false, message: PASSKEY_ERRORS.refused, why: (err as Error).message.slice(0, 200) };
  }
  // Conditional on the counter read above: two racing assertions cannot both move it.
  const { count } = await db().passkey.updateMany({ where: { id: cred.id, counter: cred.counter }, data: { counter: BigInt(newCounter), lastUsedAt: now } });
  if (count !== 1) return { ok: false, message: PASSKEY_ERRORS.refused, why: "counter_race" };
  return { ok: true, passkeyId: cred.id, userId: cred.userId };
}

/**
 * Verifies an assertion from one of the binding user's passkeys against that binding's challenge:
 * origin and RP id from APP_URL, user verification required, the signature counter must grow
 * when the authenticator keeps one. On success the counter and last-used time are updated.
 */
export async function verifyPasskeyAssertion(binding: ChallengeBinding, responseText: string, now = new Date()): Promise<PasskeyResult<{ passkeyId: string }>> {
  const response = parseAuthenticationResponse(responseText);
  if (!response) return { ok: false, message: PASSKEY_ERRORS.unreadable, why: "unreadable" };
  const challenge = await spendChallenge(binding, response.response.clientDataJSON, now);
  if (!challenge) return { ok: false, message: PASSKEY_ERRORS.challenge, why: "challenge" };
  const cred = await db().passkey.findFirst({ where: { credentialId: response.id, userId: binding.userId }, select: CRED_SELECT });
  if (!cred) return { ok: false, message: PASSKEY_ERRORS.unknown, why: "unknown_credential" };
  return verifyWith(cred, response, challenge, now);
}

// ---- Passwordless (discoverable credential + user verification) ----

/** Request options with no credential list: the authenticator offers its discoverable passkeys for this RP. */
export async function passwordlessOptions(browserNonce: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: relyingParty().rpID, userVerification: "required", timeout: CHALLENGE_SECONDS * 1000 });
  await storeChallenge({ purpose: "passwordless", browserNonce }, options.challenge);
  return options;
}

/**
 * A passwordless assertion: the challenge must be the one issued to this browser's nonce; the
 * credential names the account, and the authenticator's user handle must name the same account
 * (a discoverable credential stores the user id we gave it at enrolment).
 */
export async function verifyPasswordlessAssertion(browserNonce: string, responseText: string, now = new Date()): Promise<PasskeyResult<{ passkeyId: string; userId: string }>> {
  const response = parseAuthenticationResponse(responseText);
  if (!response) return { ok: false, message: PASSKEY_ERRORS.unreadable, why: "unreadable" };
  const challenge = await spendChallenge({ purpose: "passwordless", browserNonce }, response.response.clientDataJSON, now);
  if (!challenge) return { ok: false, message: PASSKEY_ERRORS.challenge, why: "challenge" };
  const cred = await db().passkey.findUnique({ where: { credentialId: response.id }, select: CRED_SELECT });
  if (!cred) return { ok: false, message: PASSKEY_ERRORS.unknown_any, why: "unknown_credential" };
  const handle = response.response.userHandle;
  if (!handle || handle !== isoBase64URL.fromUTF8String(cred.userId)) return { ok: false, message: PASSKEY_ERRORS.refused, why: "user_handle_mismatch" };
  return verifyWith(cred, response, challenge, now);
}
