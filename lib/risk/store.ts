// Per-session behaviour counters for the risk engine (rapid-fire, page views, failures, solved
// puzzles) and single-use keys. Three implementations of one async interface:
//   MemoryRiskStore   one instance (SQLite deployments; tests)          lib/risk/store.ts
//   PostgresRiskStore several instances sharing PostgreSQL (default there) lib/risk/store-postgres.ts
//   RedisRiskStore    several instances, REDIS_URL set                    lib/risk/store-redis.ts
// The hot path makes exactly one store call per request (`observe`), one round trip for the
// shared stores. See docs/decisions/0010-shared-risk-counters.md.

export interface Observation {
  /** Requests of this session in the current second and over the last minute, this one included. */
  perSecond: number;
  perMinute: number;
  /** Failed confirmations within the failure window. */
  failures: number;
  /** When a proof-of-work puzzle was last solved in this session (ms), or 0. */
  challengePassedAt: number;
}

export interface ObserveOptions {
  /** A page view to remember for the navigation signal (GET of a page, not a prefetch). */
  pageView?: string;
  failureWindowMs: number;
}

export interface RiskStore {
  readonly kind: "memory" | "postgres" | "redis";
  /** Counts this request (and remembers a page view); returns the counters the signals need. */
  observe(sessionId: string, nowMs: number, o: ObserveOptions): Promise<Observation>;
  addFailure(sessionId: string, nowMs: number, windowMs: number): Promise<number>;
  viewedSince(sessionId: string, path: string, sinceMs: number): Promise<boolean>;
  /** A solved puzzle: remembered, and the per-second burst that caused it is forgiven. */
  markChallengePassed(sessionId: string, nowMs: number): Promise<void>;
  /** True the first time `key` is seen within ttl (single-use tokens, e.g. PoW solutions). */
  once(key: string, nowMs: number, ttlMs: number): Promise<boolean>;
  reset(sessionId: string): Promise<void>;
}

/** Pages remembered per session: enough for the navigation signal, bounded against junk paths. */
export const MAX_PAGES = 32;

interface State {
  seconds: Int32Array; // request count per second, ring of 60
  secondStamp: Float64Array; // which epoch-second each slot holds
  failures: number[];
  pages: Map<string, number>;
  challengeAt: number;
}

const MAX_SESSIONS = 100_000;

/** One process's counters. Bounded: at most MAX_SESSIONS tracked, least recently seen evicted. */
export class MemoryRiskStore implements RiskStore {
  readonly kind = "memory" as const;
  private sessions = new Map<string, State>();
  private used = new Map<string, number>();

  private state(id: string): State {
    let s = this.sessions.get(id);
    if (s) {
      // Map order = recency: re-insert to keep the most recent sessions at the end.
      this.sessions.delete(id);
    } else {
      s = { seconds: new Int32Array(60), secondStamp: new Float64Array(60).fill(-1), failures: [], pages: new Map(), challengeAt: 0 };
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    }
    this.sessions.set(id, s);
    return s;
  }

  observeSync(id: string, nowMs: number, o: ObserveOptions): Observation {
    const s = this.state(id);
    const sec = Math.floor(nowMs / 1000);
    const slot = sec % 60;
    if (s.secondStamp[slot] !== sec) {
      s.secondStamp[slot] = sec;
      s.seconds[slot] = 0;
    }
    s.seconds[slot]! += 1;
    let perMinute = 0;
    for (let i = 0; i < 60; i++) if (s.secondStamp[i]! > sec - 60) perMinute += s.seconds[i]!;
    if (o.pageView !== undefined) {
      s.pages.delete(o.pageView);
      s.pages.set(o.pageView, nowMs);
      if (s.pages.size > MAX_PAGES) s.pages.delete(s.pages.keys().next().value as string);
    }
    const failures = s.failures.filter((t) => t > nowMs - o.failureWindowMs).length;
    return { perSecond: s.seconds[slot]!, perMinute, failures, challengePassedAt: s.challengeAt };
  }

  async observe(id: string, nowMs: number, o: ObserveOptions): Promise<Observation> {
    return this.observeSync(id, nowMs, o);
  }

  async addFailure(id: string, nowMs: number, windowMs: number): Promise<number> {
    const s = this.state(id);
    s.failures = s.failures.filter((t) => t > nowMs - windowMs).slice(-50);
    s.failures.push(nowMs);
    return s.failures.length;
  }

  async viewedSince(id: string, path: string, sinceMs: number): Promise<boolean> {
    const at = this.sessions.get(id)?.pages.get(path);
    return at !== undefined && at >= sinceMs;
  }

  async markChallengePassed(id: string, nowMs: number): Promise<void> {
    const s = this.state(id);
    s.challengeAt = nowMs;
    s.seconds.fill(0);
  }

  async once(key: string, nowMs: number, ttlMs: number): Promise<boolean> {
    if (this.used.size > 50_000) for (const [k, exp] of this.used) if (exp < nowMs) this.used.delete(k);
    const exp = this.used.get(key);
    if (exp !== undefined && exp >= nowMs) return false;
    this.used.set(key, nowMs + ttlMs);
    return true;
  }

  async reset(id: string): Promise<void> {
    this.sessions.delete(id);
  }
}
