"use server";
// Passwordless sign-in with a discoverable passkey + user verification (lib/auth/second-factor.ts
// passwordlessSignIn). Pre-authentication: no session or pending sign-in exists yet, so the
// challenge is bound to a short-lived random nonce in an HttpOnly cookie of the asking browser.
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { z } from "zod";
import { BAD_ACTION_INPUT, isFormCall } from "@/lib/http/action-args";
import { CHALLENGE_SECONDS, passwordlessOptions, PASSKEY_ERRORS } from "@/lib/auth/passkeys";
import { passwordlessSignIn } from "@/lib/auth/second-factor";
import { clearPendingCookie } from "@/lib/auth/pending";
import { passwordlessIssueThrottle } from "@/lib/auth/rate-limit";
import { requestMeta } from "@/lib/session/request-meta";
import { presentedSessionToken, setDeviceCookie, setSessionCookie } from "@/lib/session/cookie-jar";
import type { PasskeyFinishState, PasskeyStartState } from "@/components/PasskeyButton";

const NONCE_COOKIE = "__Host-sg_webauthn";
const NONCE_RE = /^[A-Za-z0-9_-]{43}$/;
const nonceOptions = (maxAge: number) => ({ httpOnly: true, secure: true, sameSite: "strict" as const, path: "/", maxAge });

export async function startPasswordlessSignIn(form: FormData, ...extra: unknown[]): Promise<PasskeyStartState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  if (!(await passwordlessIssueThrottle.take((await requestMeta()).ip))) return { error: "Too many passkey attempts from your network. Try again later, or sign in with your password." };
  const nonce = randomBytes(32).toString("base64url");
  (await cookies()).set(NONCE_COOKIE, nonce, nonceOptions(CHALLENGE_SECONDS));
  return { options: JSON.stringify(await passwordlessOptions(nonce)) };
}

export async function finishPasswordlessSignIn(form: FormData, ...extra: unknown[]): Promise<PasskeyFinishState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const response = z.string().min(2).max(4096).safeParse(form.get("response"));
  if (!response.success) return { error: BAD_ACTION_INPUT };
  const jar = await cookies();
  const nonce = jar.get(NONCE_COOKIE)?.value;
  if (!nonce || !NONCE_RE.test(nonce)) return { error: PASSKEY_ERRORS.challenge };
  jar.set(NONCE_COOKIE, "", nonceOptions(0));
  const result = await passwordlessSignIn(nonce, response.data, await requestMeta(), await presentedSessionToken());
  if (!result.ok) return { error: result.message };
  await setSessionCookie(result.issued);
  await setDeviceCookie(result.userId);
  await clearPendingCookie();
  return { next: "/account" };
}
