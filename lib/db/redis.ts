import "server-only";
// The process's Redis client when REDIS_URL is set (shared risk counters and brute-force limits).
// Fail fast: a command waits at most commandTimeout while Redis is away, then errors; the guard
// turns the error into 503 (fail closed), the same as an unreachable database.
import { Redis } from "ioredis";
import { config } from "@/lib/config";

const holder = globalThis as unknown as { __sgRedis?: Redis };

export function createRedis(url: string): Redis {
  const r = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1500,
    // Reconnect in the background with a capped backoff.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Without a listener ioredis prints every failed reconnect; the failures surface as 503s.
  r.on("error", () => undefined);
  return r;
}

export function redis(): Redis {
  const url = config().REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set");
  holder.__sgRedis ??= createRedis(url);
  return holder.__sgRedis;
}
