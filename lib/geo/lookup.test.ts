import { describe, expect, it } from "vitest";
import { describePlace, lookupPlace, normalizeRecord } from "./lookup";

process.env.AUTH_SECRET ??= "unit-test-only-secret-abcdefghijklmnop";
process.env.TOTP_ENCRYPTION_KEY ??= "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";

describe("lookupPlace (bundled DB-IP Lite data)", () => {
  it("finds the country of well-known public addresses", () => {
    expect(lookupPlace("8.8.8.8")?.country).toBe("US");
    expect(lookupPlace("2001:4860:4860::8888")?.country).toMatch(/^[A-Z]{2}$/);
    expect(lookupPlace("1.1.1.1")).toMatchObject({ country: "AU", city: "Sydney" });
    const p = lookupPlace("81.2.69.160");
    expect(p?.country).toBe("GB");
    expect(typeof p?.latitude).toBe("number");
  });

  it("gives no place for private, loopback and garbage addresses (never throws)", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "192.168.1.1", "172.16.5.5", "::1", "fe80::1", "100.64.0.1", "unknown", "", "<script>", "999.1.1.1"]) {
      expect(lookupPlace(ip)).toBeNull();
    }
  });
});

describe("normalizeRecord", () => {
  it("reads both the flat ip-location-db and the nested MaxMind record shapes", () => {
    expect(normalizeRecord({ country_code: "fr", city: "Paris", latitude: 48.85, longitude: 2.35 })).toEqual({ country: "FR", city: "Paris", latitude: 48.85, longitude: 2.35 });
    expect(normalizeRecord({ country: { iso_code: "JP" }, city: { names: { en: "Tokyo" } }, location: { latitude: 35.6, longitude: 139.7 } })).toEqual({ country: "JP", city: "Tokyo", latitude: 35.6, longitude: 139.7 });
    expect(normalizeRecord({})).toBeNull();
  });

  it("describes a place for display", () => {
    expect(describePlace({ city: "Paris", country: "FR" })).toBe("Paris, FR");
    expect(describePlace(null)).toBe("Unknown location");
    expect(describePlace(null, "127.0.0.1")).toBe("Local network");
    expect(describePlace(null, "192.168.1.10")).toBe("Local network");
  });
});
