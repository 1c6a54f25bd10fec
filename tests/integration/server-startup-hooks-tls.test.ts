// The real server refuses to start with test hooks on a non-loopback HOST, with half a TLS
// configuration, or with TLS files it cannot read — each with a message naming the setting.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const base: NodeJS.ProcessEnv = {
  PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PORT: "3999",
  AUTH_SECRET: "Zq3vN8rT1xK5mB7pL2wY9cF4hJ6sD0gA-startup-only",
  TOTP_ENCRYPTION_KEY: "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a",
  DATABASE_URL: "file:/tmp/sg-startup-never-created.db",
};

function start(env: Record<string, string>) {
  // A .env in the working tree would be loaded by the server: run from a directory without one.
  return spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "server.ts")], { cwd: path.join(ROOT, "tests", "support"), env: { ...base, ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("server start-up: test hooks and TLS", () => {
  it("exits 1 when SG_TEST_HOOKS=true and HOST is not loopback", () => {
    const r = start({ SG_TEST_HOOKS: "true", HOST: "0.0.0.0" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SG_TEST_HOOKS=true is allowed only with a loopback HOST");
  });

  it("exits 1 when only one of the TLS files is set", () => {
    const r = start({ TLS_CERT_FILE: "/tmp/cert.pem" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  });

  it("exits 1 naming the TLS file it cannot read", () => {
    const r = start({ TLS_CERT_FILE: "/nonexistent/sg-cert.pem", TLS_KEY_FILE: "/nonexistent/sg-key.pem" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TLS_CERT_FILE: cannot read \/nonexistent\/sg-cert\.pem \(ENOENT\)/);
  });
});
