import "server-only";
// Test-mode hooks for the hijack simulator (ADR 0009): samples from the token minter, and moving
// one session's deadline into the past so expiry can be checked without waiting 30 minutes.
// Reachable only with SG_TEST_HOOKS=true, which lib/config.ts refuses off loopback.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { generateSessionToken } from "./token";

export const MAX_TOKEN_SAMPLES = 1000;

export function testHooksEnabled(): boolean {
  return config().SG_TEST_HOOKS;
}

/** Fresh tokens from the very function that mints session tokens; none of them is ever stored. */
export function sampleSessionTokens(n: number): string[] {
  return Array.from({ length: Math.min(Math.max(n, 1), MAX_TOKEN_SAMPLES) }, () => generateSessionToken());
}

/**
 * Moves a live session's idle (or absolute) deadline one second into the past; the next request
 * with its cookie then ends it through the ordinary validation. False if it is no longer live.
 */
export async function expireSessionDeadline(sessionId: string, kind: "idle" | "absolute", now = new Date()): Promise<boolean> {
  const past = new Date(now.getTime() - 1000);
  const { count } = await db().session.updateMany({
    where: { id: sessionId, status: { in: ["active", "flagged"] } },
    data: kind === "idle" ? { idleExpiresAt: past } : { absoluteExpiresAt: past },
  });
  return count === 1;
}
