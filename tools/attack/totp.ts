// RFC 6238 TOTP (HMAC-SHA1), independent of the target's code, and a clock that never reuses a
// time-step: a target accepts each step once per user, so every sign-in needs a fresh one.
import { createHmac } from "node:crypto";
import { sleep } from "./http";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32ToBuffer(input: string): Buffer {
  const clean = input.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new Error(`TOTP secret is not base32 (character ${JSON.stringify(ch)})`);
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function codeForStep(secret: string, step: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32ToBuffer(secret)).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

export class TotpClock {
  private lastStep: number | undefined;
  constructor(private readonly secret: string, private readonly period = 30, private readonly digits = 6, private readonly skew = 0) {
    base32ToBuffer(secret); // validate early
  }

  stepNow(ms = Date.now()): number {
    return Math.floor(ms / 1000 / this.period);
  }

  /**
   * A code for a step never used by this run: the current step, or (when the target accepts
   * clock skew) the next one; otherwise waits for the next step (at most one period).
   */
  async next(): Promise<{ code: string; step: number }> {
    for (let i = 0; i < 4; i++) {
      const now = this.stepNow();
      const step = this.lastStep === undefined ? now : Math.max(this.lastStep + 1, now);
      if (step <= now + this.skew) {
        this.lastStep = step;
        return { code: codeForStep(this.secret, step, this.digits), step };
      }
      const msLeft = (now + 1) * this.period * 1000 - Date.now();
      await sleep(Math.max(50, msLeft + 250));
    }
    throw new Error("TOTP clock did not advance");
  }

  /** Marks a step as used (e.g. the target said it was already used). */
  burn(step: number): void {
    this.lastStep = Math.max(this.lastStep ?? step, step);
  }

  /** Codes that are certainly wrong right now (not valid for any nearby step). */
  wrongCodes(n: number): string[] {
    const now = this.stepNow();
    const near = new Set<string>();
    for (let s = now - 3; s <= now + 3; s++) near.add(codeForStep(this.secret, s, this.digits));
    const out: string[] = [];
    for (let i = 0; out.length < n && i < 1000; i++) {
      const c = String((i * 7919 + 123457) % 10 ** this.digits).padStart(this.digits, "0");
      if (!near.has(c) && !out.includes(c)) out.push(c);
    }
    return out;
  }
}
