// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) from otpauth, the library the app uses, so the
// tests share no hand-written TOTP with the code under test (its RFC vectors: lib/auth/totp.test.ts).
import { HOTP, Secret } from "otpauth";

export const PERIOD_SECONDS = 30;

export function stepAt(ms: number = Date.now()): number {
  return Math.floor(ms / 1000 / PERIOD_SECONDS);
}

export function codeForStep(secretBase32: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32.replace(/\s+/g, "")), counter: step, digits: 6 });
}

export function totpNow(secretBase32: string, ms: number = Date.now()): { code: string; step: number } {
  const step = stepAt(ms);
  return { code: codeForStep(secretBase32, step), step };
}

export function secondsLeftInStep(ms: number = Date.now()): number {
  return PERIOD_SECONDS - ((ms / 1000) % PERIOD_SECONDS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the current time-step is greater than `afterStep` (default: the current one). */
export async function waitForNextStep(afterStep: number = stepAt()): Promise<number> {
  while (stepAt() <= afterStep) await sleep(Math.min(1000, secondsLeftInStep() * 1000 + 50));
  return stepAt();
}

/** If fewer than `seconds` remain in the current step, waits for the next one. */
export async function ensureStepHeadroom(seconds: number): Promise<void> {
  if (secondsLeftInStep() < seconds) await waitForNextStep();
}

/**
 * A code for a step the server has not accepted yet for this user. The server rejects a step
 * <= the last accepted one, so this waits for the next step when needed and records the step.
 */
export async function freshCode(user: { totpSecret: string; lastStep?: number }): Promise<{ code: string; step: number }> {
  if (user.lastStep !== undefined && stepAt() <= user.lastStep) await waitForNextStep(user.lastStep);
  const now = totpNow(user.totpSecret);
  user.lastStep = now.step;
  return now;
}
