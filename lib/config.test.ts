import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const good = {
  AUTH_SECRET: "Zq3vN8rT1xK5mB7pL2wY9cF4hJ6sD0gA",
  TOTP_ENCRYPTION_KEY: "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a",
};

describe("loadConfig", () => {
  it("accepts a complete config and applies the documented defaults", () => {
    const c = loadConfig(good);
    expect(c.DATABASE_URL).toBe("file:./.data/sessionguard.db");
    expect(c.SESSION_IDLE_TIMEOUT_SECONDS).toBe(1800);
    expect(c.SESSION_ABSOLUTE_TIMEOUT_SECONDS).toBe(43200);
    expect(c.PENDING_SIGN_IN_SECONDS).toBe(300);
    expect(c.MIGRATE_ON_START).toBe(true);
  });

  it.each([
    ["missing", { TOTP_ENCRYPTION_KEY: good.TOTP_ENCRYPTION_KEY }, "AUTH_SECRET"],
    ["too short", { ...good, AUTH_SECRET: "short-secret" }, "AUTH_SECRET"],
    ["low variety", { ...good, AUTH_SECRET: "a".repeat(40) }, "AUTH_SECRET"],
    ["non-hex key", { ...good, TOTP_ENCRYPTION_KEY: "z".repeat(64) }, "TOTP_ENCRYPTION_KEY"],
    ["all-zero key", { ...good, TOTP_ENCRYPTION_KEY: "0".repeat(64) }, "TOTP_ENCRYPTION_KEY"],
  ])("stops on a %s secret, naming the variable but never printing the value", (_label, env, name) => {
    let err: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain(name);
    for (const v of Object.values(env as Record<string, string>)) if (v.length >= 12) expect(msg).not.toContain(v);
  });

  it("rejects an unsupported database URL and an idle timeout longer than the absolute one", () => {
    expect(() => loadConfig({ ...good, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...good, SESSION_IDLE_TIMEOUT_SECONDS: "100", SESSION_ABSOLUTE_TIMEOUT_SECONDS: "50" })).toThrow(/SESSION_IDLE_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ ...good, SESSION_IDLE_TIMEOUT_SECONDS: "-5" })).toThrow(/SESSION_IDLE_TIMEOUT_SECONDS/);
  });
});
