// RFC 6238 TOTP (HMAC-SHA1) from otpauth, and a clock that never reuses a time-step: a target
// accepts each step once per user, so every sign-in needs a fresh one.
import { HOTP, Secret } from "otpauth";
import { sleep } from "./http";

/** The secret's bytes; throws with a clear message when it is not base32. */
function secretOf(input: string): Secret {
  const clean = input.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase();
  const bad = /[^A-Z2-7]/.exec(clean);
  if (bad) throw new Error(`TOTP secret is not base32 (character ${JSON.stringify(bad[0])})`);
  return Secret.fromBase32(clean);
}

export function codeForStep(secret: string, step: number, digits = 6): string {
  return HOTP.generate({ secret: secretOf(secret), counter: step, digits });
}

export class TotpClock {
  private lastStep: number | undefined;
  constructor(private readonly secret: string, private readonly period = 30, private readonly digits = 6, private readonly skew = 0) {
    secretOf(secret); // validate early
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
