// The one place that defines how the e2e server runs. playwright.config.ts (webServer), the
// server launcher and the fixtures (operator CLI, SQLite reads) all import it, so the CLI
// writes to exactly the database the server reads, with the same secrets.
//
// The secrets below are E2E-ONLY fixed values: they protect nothing but a throwaway SQLite
// file that is deleted at every run. Never reuse them anywhere else.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const E2E_PORT = Number(process.env.SG_E2E_PORT ?? 3100);
/** What the browser uses (Chromium keeps Secure cookies on http://localhost). */
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** What raw Node clients use (the server listens on 127.0.0.1 only). */
export const E2E_RAW_HOST = "127.0.0.1";

export const E2E_DB_FILE = path.join(REPO_ROOT, ".data", "e2e-playwright.db");

const E2E_ONLY_AUTH_SECRET = "e2e-only-auth-secret-NOT-A-REAL-SECRET-0123456789abcdefXYZ";
// 64 hex characters ("e2e" happens to be hex too).
const E2E_ONLY_TOTP_ENCRYPTION_KEY = "e2e0123456789abcdef0123456789abcdef0123456789abcdef0123456789abc";

export const E2E_ENV: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(E2E_PORT),
  HOST: E2E_RAW_HOST,
  DATABASE_URL: `file:${E2E_DB_FILE}`,
  AUTH_SECRET: E2E_ONLY_AUTH_SECRET,
  TOTP_ENCRYPTION_KEY: E2E_ONLY_TOTP_ENCRYPTION_KEY,
  APP_URL: E2E_BASE_URL,
  NEXTAUTH_URL: E2E_BASE_URL,
  SESSION_IDLE_TIMEOUT_SECONDS: "1800",
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: "43200",
  // Only 127.0.0.3 is a trusted proxy (e2e/risk.spec.ts sends public client addresses through it);
  // every other peer, e.g. 127.0.0.1 and 127.0.0.2, has its forwarding headers ignored.
  TRUSTED_PROXIES: "127.0.0.3/32",
  LOG_LEVEL: "warn",
};

/** The process environment for the server and the CLI: inherited, then the e2e values on top. */
export function e2eProcessEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...E2E_ENV };
  delete env.SG_SKIP_MIGRATE;
  return env;
}
