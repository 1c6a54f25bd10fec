import "server-only";
// Brute-force limits on the password and code steps, counted in the database so every instance
// shares them (rate-limiter-flexible's Prisma store), or in Redis when REDIS_URL is set.
//
// Password step: per account+IP (throttles one attacker without touching the owner elsewhere) and
// per IP (one source spraying many accounts) BLOCK, growing 1 min, 2, 4, ... up to 1 h. The
// per-account count across all addresses never blocks: anyone could use it to lock the owner out
// (issue 13). Past its threshold the account's sign-in asks for a proof-of-work puzzle first, and
// grows it with the count, unless the browser carries a device cookie from an earlier sign-in
// (lib/auth/device-cookie.ts); a device cookie that collects wrong passwords loses that exemption.
//
// Code step at sign-in: per account and per IP. Step-up inside a session counts per SESSION
// (STEP_UP_RULE): a stolen cookie guessing codes suspends itself, never the owner's sign-in.
import { RateLimiterPrisma, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/db/redis";

export interface Rule { prefix: string; points: number; windowSec: number }

export const PASSWORD_RULES = {
  accountIp: { prefix: "pw:ai", points: 5, windowSec: 15 * 60 },
  ip: { prefix: "pw:ip", points: 30, windowSec: 15 * 60 },
  /** Not a block: the number of failures from which the account's sign-in needs a puzzle. */
  account: { prefix: "pw:a", points: 50, windowSec: 60 * 60 },
  /** Wrong passwords through one device cookie before that cookie stops exempting its browser. */
  device: { prefix: "pw:dev", points: 5, windowSec: 15 * 60 },
} as const satisfies Record<string, Rule>;

/** Wrong step-up codes one session may enter before it is suspended (the owner is alerted). */
export const STEP_UP_RULE = { prefix: "stepup:s", points: 5, windowSec: 15 * 60 } as const satisfies Rule;

/** Sign-in puzzles handed out per source address (each is a row; bounded so nobody fills the table). */
export const PUZZLE_ISSUE_RULE = { prefix: "pz:ip", points: 60, windowSec: 15 * 60 } as const satisfies Rule;
export const puzzleIssueThrottle = {
  /** Counts one issued puzzle for this address; false when it is over the limit. */
  take: async (ip: string): Promise<boolean> => (await count(PUZZLE_ISSUE_RULE, ip)) <= PUZZLE_ISSUE_RULE.points,
};

/** Passwordless sign-in options (each writes a challenge row before anyone is known): per address. */
export const PASSWORDLESS_ISSUE_RULE = { prefix: "pl:ip", points: 60, windowSec: 15 * 60 } as const satisfies Rule;
export const passwordlessIssueThrottle = {
  take: async (ip: string): Promise<boolean> => (await count(PASSWORDLESS_ISSUE_RULE, ip)) <= PASSWORDLESS_ISSUE_RULE.points,
};

/** Puzzle size in front of an account under attack: doubles every further 50 failures, capped. */
export const SIGNIN_PUZZLE = { baseMaxNumber: 100_000, capMaxNumber: 3_200_000 } as const;
export function signInPuzzleSize(accountFailures: number): number {
  const steps = Math.max(0, Math.floor((accountFailures - PASSWORD_RULES.account.points) / PASSWORD_RULES.account.points));
  return Math.min(SIGNIN_PUZZLE.baseMaxNumber * 2 ** Math.min(steps, 10), SIGNIN_PUZZLE.capMaxNumber);
}

export const MFA_RULES = {
  account: { prefix: "mfa:a", points: 5, windowSec: 15 * 60 },
  ip: { prefix: "mfa:ip", points: 20, windowSec: 15 * 60 },
} as const satisfies Record<string, Rule>;

const MAX_BLOCK_SEC = 60 * 60;

const limiters = new Map<string, RateLimiterAbstract>();
/** The shared limiter for a rule (one per key prefix per process): Redis if configured, else the database. */
export function limiter(rule: Rule): RateLimiterAbstract {
  let l = limiters.get(rule.prefix);
  if (!l && config().REDIS_URL) {
    l = new RateLimiterRedis({ storeClient: redis(), keyPrefix: `sg:rl:${rule.prefix}`, points: rule.points, duration: rule.windowSec });
    limiters.set(rule.prefix, l);
  }
  if (!l) {
    l = new RateLimiterPrisma({
      storeClient: db(),
      tableName: "rateLimit",
      keyPrefix: rule.prefix,
      points: rule.points,
      duration: rule.windowSec,
      // Expired rows are removed by the purge job, not by a timer inside every process.
      clearExpiredByTimeout: false,
    } as ConstructorParameters<typeof RateLimiterPrisma>[0]);
    limiters.set(rule.prefix, l);
  }
  return l;
}
const strikes = (): Rule => ({ prefix: "strikes", points: 1_000_000, windowSec: 24 * 60 * 60 });

export type Throttle = { allowed: true } | { allowed: false; retryAfterSec: number };

async function check(pairs: [Rule, string][]): Promise<Throttle> {
  let wait = 0;
  for (const [rule, key] of pairs) {
    const res = await limiter(rule).get(key);
    if (res && res.consumedPoints >= rule.points) wait = Math.max(wait, Math.ceil(res.msBeforeNext / 1000));
  }
  return wait > 0 ? { allowed: false, retryAfterSec: wait } : { allowed: true };
}

/** Counts one failure on every key; the failure that reaches a limit blocks for a growing time. */
async function fail(pairs: [Rule, string][]): Promise<Throttle> {
  let wait = 0;
  for (const [rule, key] of pairs) {
    const res = await limiter(rule).consume(key).catch((r: unknown) => {
      if (r instanceof RateLimiterRes) return r;
      throw r;
    });
    if (res.consumedPoints < rule.points) continue;
    const s = await limiter(strikes()).consume(`${rule.prefix}:${key}`).catch((r: unknown) => r as RateLimiterRes);
    const sec = Math.min(60 * 2 ** Math.max(0, s.consumedPoints - 1), MAX_BLOCK_SEC);
    await limiter(rule).block(key, sec);
    wait = Math.max(wait, sec);
  }
  return wait > 0 ? { allowed: false, retryAfterSec: wait } : { allowed: true };
}

async function clear(pairs: [Rule, string][]): Promise<void> {
  await Promise.all(pairs.map(([rule, key]) => limiter(rule).delete(key)));
}

const pw = (email: string, ip: string): [Rule, string][] => [
  [PASSWORD_RULES.accountIp, `${email}|${ip}`],
  [PASSWORD_RULES.ip, ip],
];

/** Counts one point on a key without ever blocking it; returns the count in the window. */
async function count(rule: Rule, key: string): Promise<number> {
  const res = await limiter(rule).consume(key).catch((r: unknown) => {
    if (r instanceof RateLimiterRes) return r;
    throw r;
  });
  return res.consumedPoints;
}

/** Points counted on a key in its current window. */
async function counted(rule: Rule, key: string): Promise<number> {
  return (await limiter(rule).get(key))?.consumedPoints ?? 0;
}
const mfa = (userId: string, ip: string): [Rule, string][] => [
  [MFA_RULES.account, userId],
  [MFA_RULES.ip, ip],
];

export const passwordThrottle = {
  /** The blocking limits (account+IP, IP). */
  check: (email: string, ip: string) => check(pw(email, ip)),
  /** Wrong passwords for this account from every address in the window (puzzle threshold, never a block). */
  accountFailures: (email: string) => counted(PASSWORD_RULES.account, email),
  /** Whether a device cookie (by nonce) still exempts its browser. */
  deviceTrusted: async (nonce: string) => (await counted(PASSWORD_RULES.device, nonce)) < PASSWORD_RULES.device.points,
  fail: async (email: string, ip: string, deviceNonce?: string | null): Promise<Throttle> => {
    const t = await fail(pw(email, ip));
    await count(PASSWORD_RULES.account, email);
    if (deviceNonce) await count(PASSWORD_RULES.device, deviceNonce);
    return t;
  },
  // A success clears this account+IP pair only: the per-IP and per-account windows keep counting.
  succeed: (email: string, ip: string) => clear(pw(email, ip).slice(0, 1)),
};

export const stepUpThrottle = {
  /** Counts a wrong step-up code of this session; true when the session reached its limit. */
  fail: async (sessionId: string): Promise<boolean> => (await count(STEP_UP_RULE, sessionId)) >= STEP_UP_RULE.points,
  exhausted: async (sessionId: string): Promise<boolean> => (await counted(STEP_UP_RULE, sessionId)) >= STEP_UP_RULE.points,
  succeed: (sessionId: string) => clear([[STEP_UP_RULE, sessionId]]),
};

export const mfaThrottle = {
  check: (userId: string, ip: string) => check(mfa(userId, ip)),
  fail: (userId: string, ip: string) => fail(mfa(userId, ip)),
  succeed: (userId: string, ip: string) => clear(mfa(userId, ip).slice(0, 1)),
};

export function retryMessage(sec: number): string {
  const min = Math.ceil(sec / 60);
  return `Too many attempts. Try again in ${min} minute${min === 1 ? "" : "s"}.`;
}

/** Account creation per source address: slows enumeration and bulk sign-ups. */
export const SIGNUP_RULE = { prefix: "signup:ip", points: 10, windowSec: 60 * 60 } as const satisfies Rule;
export const signUpThrottle = {
  hit: (ip: string) => fail([[SIGNUP_RULE, ip]]),
};

/**
 * Sign-up mails per address (the confirmation link, "someone tried to sign up", the link re-sent
 * when an unconfirmed account signs in): however many strangers sign up with it, an inbox gets at
 * most this many an hour. Over it the answer stays the same; only the mail is not sent.
 */
export const SIGNUP_MAIL_RULE = { prefix: "signup:mail", points: 3, windowSec: 60 * 60 } as const satisfies Rule;
export const signUpMailThrottle = {
  /** Counts one mail to the address; true while it is within the cap. */
  take: async (email: string) => (await count(SIGNUP_MAIL_RULE, email)) <= SIGNUP_MAIL_RULE.points,
};
