// The only module that reads process.env. Validated once; a missing or weak secret stops the
// app with a message naming the variable (never its value).
import { z } from "zod";

const WEAK_SECRETS = new Set(["changeme", "secret", "password", "development", "sessionguard"]);

const secret = (name: string) =>
  z
    .string({ error: `${name} is required (generate one with: openssl rand -base64 32)` })
    .min(32, `${name} must be at least 32 characters (generate one with: openssl rand -base64 32)`)
    .refine((v) => !WEAK_SECRETS.has(v.toLowerCase()) && new Set(v).size >= 10, `${name} is too weak: use a random value`);

const key32 = (name: string) =>
  z
    .string({ error: `${name} is required: 32 random bytes as 64 hex chars (openssl rand -hex 32)` })
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) && new Set(v.toLowerCase()).size >= 8, `${name} must be 64 hex characters of random data (openssl rand -hex 32)`);

const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./.data/sessionguard.db")
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/i.test(v), "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)"),
  APP_URL: z.url("APP_URL must be an absolute URL such as http://localhost:3000").default("http://localhost:3000"),
  AUTH_SECRET: secret("AUTH_SECRET"),
  TOTP_ENCRYPTION_KEY: key32("TOTP_ENCRYPTION_KEY"),
  SESSION_IDLE_TIMEOUT_SECONDS: positiveInt(30 * 60),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: positiveInt(12 * 60 * 60),
  SESSION_TOUCH_INTERVAL_SECONDS: positiveInt(60),
  PENDING_SIGN_IN_SECONDS: positiveInt(5 * 60),
  TRUSTED_PROXIES: z.string().default(""),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** How recent a code entry must be for actions that need fresh authentication. */
  FRESH_AUTH_SECONDS: positiveInt(5 * 60),
  /** smtp://user:pass@host:port or smtps://…; empty: mails go to the OutboxEmail table only. */
  SMTP_URL: z.string().default("").refine((v) => v === "" || /^smtps?:\/\//.test(v), "SMTP_URL must start with smtp:// or smtps://"),
  MAIL_FROM: z.string().default("SessionGuard <security@sessionguard.local>"),
  /** A MaxMind-format City .mmdb to use instead of the bundled DB-IP Lite data. */
  GEOIP_MMDB_PATH: z.string().default(""),
  /** Ended sessions and old security events are purged after these many days (npm run sessions:purge). */
  SESSION_RETENTION_DAYS: positiveInt(30),
  EVENT_RETENTION_DAYS: positiveInt(180),
  /** The server runs the purge every this many minutes (0: never; use npm run sessions:purge from cron). */
  PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Risk engine overrides (lib/risk/config.ts): inline JSON and/or a JSON file, deep-merged over the defaults. */
  RISK_CONFIG_JSON: z.string().default(""),
  RISK_CONFIG_FILE: z.string().default(""),
  /** redis://host:port: shared risk counters and brute-force limits across instances (lib/db/redis.ts). */
  REDIS_URL: z.string().default("").refine((v) => v === "" || /^rediss?:\/\//.test(v), "REDIS_URL must start with redis:// or rediss://"),
  /**
   * Where the risk engine's per-session counters live: memory (one instance), postgres (shared
   * through DATABASE_URL), redis (shared through REDIS_URL). Empty: redis if REDIS_URL is set,
   * else postgres on PostgreSQL, else memory.
   */
  RISK_STORE: z.enum(["", "memory", "postgres", "redis"]).default(""),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  MIGRATE_ON_START: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Admins who have a passkey keep admin freshness only by a passkey (a code no longer opens the console). */
  REQUIRE_PASSKEY_FOR_ADMINS: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Test mode only: /api/test-hooks/* for the hijack simulator (ADR 0009). Refused unless HOST is loopback. */
  SG_TEST_HOOKS: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** PEM files: server.ts serves HTTPS when both are set (neither: plain HTTP). */
  TLS_CERT_FILE: z.string().default(""),
  TLS_KEY_FILE: z.string().default(""),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "config"}: ${i.message}`);
    throw new ConfigError(`SessionGuard configuration is invalid:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  if (c.SESSION_IDLE_TIMEOUT_SECONDS > c.SESSION_ABSOLUTE_TIMEOUT_SECONDS) {
    throw new ConfigError("SessionGuard configuration is invalid:\n  - SESSION_IDLE_TIMEOUT_SECONDS must not exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS");
  }
  if (c.RISK_STORE === "redis" && !c.REDIS_URL) throw new ConfigError("SessionGuard configuration is invalid:\n  - RISK_STORE=redis needs REDIS_URL");
  if (c.RISK_STORE === "postgres" && !/^postgres/i.test(c.DATABASE_URL)) throw new ConfigError("SessionGuard configuration is invalid:\n  - RISK_STORE=postgres needs a postgres:// DATABASE_URL");
  checkHooksAndTls(c);
  return c;
}

/** The risk counter store this configuration selects (see RISK_STORE). */
export function riskStoreKind(c: Config): "memory" | "postgres" | "redis" {
  if (c.RISK_STORE) return c.RISK_STORE;
  if (c.REDIS_URL) return "redis";
  return /^postgres/i.test(c.DATABASE_URL) ? "postgres" : "memory";
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Test hooks mint tokens and end sessions on request: never reachable from another machine. */
function checkHooksAndTls(c: Config): void {
  const bad: string[] = [];
  if (c.SG_TEST_HOOKS && !LOOPBACK_HOST.test(c.HOST)) bad.push(`SG_TEST_HOOKS=true is allowed only with a loopback HOST (127.0.0.1, ::1, localhost), not ${c.HOST}`);
  if (Boolean(c.TLS_CERT_FILE) !== Boolean(c.TLS_KEY_FILE)) bad.push("TLS_CERT_FILE and TLS_KEY_FILE must be set together (or neither)");
  if (bad.length) throw new ConfigError(`SessionGuard configuration is invalid:\n${bad.map((b) => `  - ${b}`).join("\n")}`);
}

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
