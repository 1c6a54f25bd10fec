import "server-only";
// Setting and clearing the session cookie from server actions and route handlers.
import { cookies } from "next/headers";
import { SESSION_COOKIE, sessionCookieOptions } from "./cookie";
import type { IssuedSession } from "./store";
import { DEVICE_COOKIE, deviceCookieOptions, issueDeviceCookie } from "@/lib/auth/device-cookie";

export async function setSessionCookie(issued: IssuedSession, now = new Date()): Promise<void> {
  const jar = await cookies();
  jar.set(SESSION_COOKIE, issued.token, sessionCookieOptions((issued.absoluteExpiresAt.getTime() - now.getTime()) / 1000));
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, "", sessionCookieOptions(0));
}

/** The raw cookie value, for the one place that must see a pre-sign-in cookie: fixation defence. */
export async function presentedSessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/** After a completed sign-in: this browser's device cookie for the account (lib/auth/device-cookie.ts). */
export async function setDeviceCookie(userId: string): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, issueDeviceCookie(userId), deviceCookieOptions());
}
