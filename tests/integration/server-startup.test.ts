// The real server refuses to start with a missing secret, and says which variable is wrong.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

describe("server start-up", () => {
  it("exits 1 naming AUTH_SECRET when it is missing, without printing other secrets", () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", TOTP_ENCRYPTION_KEY: "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a", DATABASE_URL: "file:/tmp/sg-startup-never-created.db", PORT: "3999" };
    // A .env in the working tree would be loaded by the server: run from a directory without one.
    const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "server.ts")], { cwd: path.join(ROOT, "tests", "support"), env, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("AUTH_SECRET");
    expect(r.stderr).not.toContain(env.TOTP_ENCRYPTION_KEY);
  });
});
