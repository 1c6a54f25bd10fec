// Risk counters in Redis, shared by every instance (REDIS_URL). `observe` is one Lua script: one
// round trip, atomic, exact per-second buckets like the memory store. Keys carry a hash tag
// ({session}) so the four keys of a session live on one Redis Cluster slot, and all expire.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { MAX_PAGES, type ObserveOptions, type Observation, type RiskStore } from "./store";

const OBSERVE = `
local hits, meta, pages, fails = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = tonumber(ARGV[1]); local page = ARGV[2]; local fwin = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4]); local maxPages = tonumber(ARGV[5])
local sec = math.floor(now / 1000); local slot = 's' .. (sec % 60)
local n = 1
local minute = 0
local all = redis.call('HGETALL', hits)
for i = 1, #all, 2 do
  local v = all[i + 1]; local j = string.find(v, ':', 1, true)
  local at = tonumber(string.sub(v, 1, j - 1)); local c = tonumber(string.sub(v, j + 1))
  if all[i] == slot and at == sec then n = c + 1 end
  if at > sec - 60 and not (all[i] == slot) then minute = minute + c end
end
minute = minute + n
redis.call('HSET', hits, slot, string.format('%d:%d', sec, n))
redis.call('PEXPIRE', hits, 61000)
if page ~= '' then
  if redis.call('HEXISTS', pages, page) == 0 and redis.call('HLEN', pages) >= maxPages then redis.call('DEL', pages) end
  redis.call('HSET', pages, page, string.format('%d', now))
  redis.call('PEXPIRE', pages, ttl)
end
redis.call('ZREMRANGEBYSCORE', fails, '-inf', now - fwin)
local f = redis.call('ZCARD', fails)
local c = tonumber(redis.call('HGET', meta, 'c') or '0')
return {n, minute, f, c}
`;

type WithObserve = Redis & { sgRiskObserve(k1: string, k2: string, k3: string, k4: string, ...args: (string | number)[]): Promise<number[]> };

export class RedisRiskStore implements RiskStore {
  readonly kind = "redis" as const;
  private r: WithObserve;

  /** ttlMs: how long page views, failures and a solved puzzle are kept (the longest risk window). */
  constructor(redis: Redis, private ttlMs: number, private prefix = "sg:risk:") {
    if (!("sgRiskObserve" in redis)) redis.defineCommand("sgRiskObserve", { numberOfKeys: 4, lua: OBSERVE });
    this.r = redis as WithObserve;
  }

  private keys(id: string): [string, string, string, string] {
    const k = `${this.prefix}{${id}}:`;
    return [`${k}hits`, `${k}meta`, `${k}pages`, `${k}fails`];
  }

  async observe(id: string, nowMs: number, o: ObserveOptions): Promise<Observation> {
    const [perSecond, perMinute, failures, challengePassedAt] = await this.r.sgRiskObserve(...this.keys(id), nowMs, o.pageView ?? "", o.failureWindowMs, this.ttlMs, MAX_PAGES);
    return { perSecond: perSecond!, perMinute: perMinute!, failures: failures!, challengePassedAt: challengePassedAt! };
  }

  async addFailure(id: string, nowMs: number, windowMs: number): Promise<number> {
    const [, , , fails] = this.keys(id);
    const res = await this.r
      .multi()
      .zremrangebyscore(fails, "-inf", nowMs - windowMs)
      .zadd(fails, nowMs, `${nowMs}:${Math.random().toString(36).slice(2)}`)
      .zcard(fails)
      .pexpire(fails, this.ttlMs)
      .exec();
    const failed = res?.find(([err]) => err);
    if (failed) throw failed[0];
    const count = res?.[2]?.[1];
    if (typeof count !== "number") throw new Error("redis: failure count missing");
    return count;
  }

  async viewedSince(id: string, path: string, sinceMs: number): Promise<boolean> {
    const at = await this.r.hget(this.keys(id)[2], path);
    return at !== null && Number(at) >= sinceMs;
  }

  async markChallengePassed(id: string, nowMs: number): Promise<void> {
    const [hits, meta] = this.keys(id);
    await this.r.multi().del(hits).hset(meta, "c", String(nowMs)).pexpire(meta, this.ttlMs).exec();
  }

  async once(key: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const h = createHash("sha256").update(key).digest("base64url");
    return (await this.r.set(`${this.prefix}once:${h}`, "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
  }

  async reset(id: string): Promise<void> {
    await this.r.del(...this.keys(id));
  }
}
