// Per-session behaviour counters for the risk engine. This in-memory store serves one
// instance; the interface is what a shared store (Redis / database) implements for several
// (see docs/decisions/0008-risk-engine.md). Bounded: at most MAX_SESSIONS tracked, oldest evicted.
export interface RiskStore {
  /** Counts this request; returns requests in the last second and the last minute. */
  hit(sessionId: string, nowMs: number): { perSecond: number; perMinute: number };
  addFailure(sessionId: string, nowMs: number, windowMs: number): number;
  failures(sessionId: string, nowMs: number, windowMs: number): number;
  markPageView(sessionId: string, path: string, nowMs: number): void;
  viewedSince(sessionId: string, path: string, sinceMs: number): boolean;
  markChallengePassed(sessionId: string, nowMs: number): void;
  challengePassedSince(sessionId: string, sinceMs: number): boolean;
  /** True the first time `key` is seen within ttl (single-use tokens, e.g. PoW solutions). */
  once(key: string, nowMs: number, ttlMs: number): boolean;
  reset(sessionId: string): void;
}

interface State {
  seconds: Int32Array; // request count per second, ring of 60
  secondStamp: Float64Array; // which epoch-second each slot holds
  failures: number[];
  pages: Map<string, number>;
  challengeAt: number;
}

const MAX_SESSIONS = 100_000;
const MAX_PAGES = 32;

export class MemoryRiskStore implements RiskStore {
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

  hit(id: string, nowMs: number) {
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
    return { perSecond: s.seconds[slot]!, perMinute };
  }

  addFailure(id: string, nowMs: number, windowMs: number): number {
    const s = this.state(id);
    s.failures = s.failures.filter((t) => t > nowMs - windowMs).slice(-50);
    s.failures.push(nowMs);
    return s.failures.length;
  }

  failures(id: string, nowMs: number, windowMs: number): number {
    const s = this.sessions.get(id);
    return s ? s.failures.filter((t) => t > nowMs - windowMs).length : 0;
  }

  markPageView(id: string, path: string, nowMs: number): void {
    const s = this.state(id);
    s.pages.delete(path);
    s.pages.set(path, nowMs);
    if (s.pages.size > MAX_PAGES) s.pages.delete(s.pages.keys().next().value as string);
  }

  viewedSince(id: string, path: string, sinceMs: number): boolean {
    const at = this.sessions.get(id)?.pages.get(path);
    return at !== undefined && at >= sinceMs;
  }

  markChallengePassed(id: string, nowMs: number): void {
    const s = this.state(id);
    s.challengeAt = nowMs;
    s.seconds.fill(0);
  }

  challengePassedSince(id: string, sinceMs: number): boolean {
    const at = this.sessions.get(id)?.challengeAt ?? 0;
    return at > 0 && at >= sinceMs;
  }

  once(key: string, nowMs: number, ttlMs: number): boolean {
    if (this.used.size > 50_000) for (const [k, exp] of this.used) if (exp < nowMs) this.used.delete(k);
    const exp = this.used.get(key);
    if (exp !== undefined && exp >= nowMs) return false;
    this.used.set(key, nowMs + ttlMs);
    return true;
  }

  reset(id: string): void {
    this.sessions.delete(id);
  }
}
