// SG_TEST_HOOKS and TLS_* (ADR 0009): the flag is refused off loopback, the TLS files go in pairs.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const good = {
  AUTH_SECRET: "Zq3vN8rT1xK5mB7pL2wY9cF4hJ6sD0gA",
  TOTP_ENCRYPTION_KEY: "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a",
};

describe("test hooks flag", () => {
  it("is off by default and on only with the exact value true", () => {
    expect(loadConfig(good).SG_TEST_HOOKS).toBe(false);
    expect(loadConfig({ ...good, SG_TEST_HOOKS: "true" }).SG_TEST_HOOKS).toBe(true);
    expect(() => loadConfig({ ...good, SG_TEST_HOOKS: "yes" })).toThrow(/SG_TEST_HOOKS/);
  });

  it.each(["127.0.0.1", "127.0.0.2", "::1", "localhost"])("is allowed with the loopback HOST %s", (HOST) => {
    expect(loadConfig({ ...good, HOST, SG_TEST_HOOKS: "true" }).SG_TEST_HOOKS).toBe(true);
  });

  it.each(["0.0.0.0", "::", "192.168.1.10", "example.com", "127.0.0.1.example.com"])("stops the app with a non-loopback HOST %s", (HOST) => {
    expect(() => loadConfig({ ...good, HOST, SG_TEST_HOOKS: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...good, HOST, SG_TEST_HOOKS: "true" })).toThrow(/SG_TEST_HOOKS=true is allowed only with a loopback HOST/);
    // The same HOST without the flag is an ordinary deployment.
    expect(loadConfig({ ...good, HOST }).HOST).toBe(HOST);
  });
});

describe("TLS files", () => {
  it("takes both or neither", () => {
    expect(loadConfig({ ...good, TLS_CERT_FILE: "/c.pem", TLS_KEY_FILE: "/k.pem" }).TLS_CERT_FILE).toBe("/c.pem");
    expect(() => loadConfig({ ...good, TLS_CERT_FILE: "/c.pem" })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
    expect(() => loadConfig({ ...good, TLS_KEY_FILE: "/k.pem" })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
  });
});
