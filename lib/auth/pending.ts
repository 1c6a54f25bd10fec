import "server-only";
// Reads the pending sign-in (between the password and code steps) for the current request.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { authOptions, PENDING_COOKIE } from "./nextauth";
import { loadPending, type PendingState } from "./second-factor";

export async function getPendingSignIn(): Promise<PendingState | null> {
  const s = await getServerSession(authOptions());
  const p = s?.pending;
  if (!p) return null;
  return (await loadPending(p)) ? p : null;
}

export async function clearPendingCookie(): Promise<void> {
  (await cookies()).set(PENDING_COOKIE, "", { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 0 });
}
