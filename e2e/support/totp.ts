// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) computed independently of the app's own code.
import { createHmac } from "node:crypto";

export const PERIOD_SECONDS = 30;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32ToBuffer(input: string): Buffer {
  const clean = input.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= 0xff;
  }
  return Buffer.from(out);
}

export function stepAt(ms: number = Date.now()): number {
  return Math.floor(ms / 1000 / PERIOD_SECONDS);
}

export function codeForStep(secretBase32: string, step: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32ToBuffer(secretBase32)).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 1_000_000).padStart(6, "0");
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
