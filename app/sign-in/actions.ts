"use server";
// The puzzle in front of an account with many recent wrong passwords (lib/auth/sign-in.ts).
// Pre-authentication: there is no session to guard; the puzzle is scoped to the typed address.
import { z } from "zod";
import { isTextCall } from "@/lib/http/action-args";
import { signInPuzzleFor } from "@/lib/auth/sign-in";
import type { PowChallenge } from "@/lib/risk/challenge";
import { requestMeta } from "@/lib/session/request-meta";

export async function requestSignInPuzzle(email: string, ...extra: unknown[]): Promise<PowChallenge | null> {
  if (!isTextCall(email, extra)) return null;
  const parsed = z.string().trim().min(3).max(254).safeParse(email);
  return parsed.success ? signInPuzzleFor(parsed.data, await requestMeta()) : null;
}
