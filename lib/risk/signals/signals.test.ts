import { describe, expect, it } from "vitest";
import { compareIp, compareUa, hintsAgree } from "./binding";
import { assessTravel, haversineKm } from "./travel";
import { assessFetchMetadata } from "./fetch-metadata";

describe("binding", () => {
  it("compares addresses exactly, by prefix, or not at all", () => {
    const b = { ip: "203.0.113.10", ipPrefix: "203.0.113.0/24" };
    expect(compareIp(b, b)).toBe("same");
    expect(compareIp(b, { ip: "203.0.113.99", ipPrefix: "203.0.113.0/24" })).toBe("prefix");
    expect(compareIp(b, { ip: "198.51.100.1", ipPrefix: "198.51.100.0/24" })).toBe("different");
  });

  it("tells a browser update from a different browser or OS", () => {
    const b = { uaHash: "a", browser: "Chrome", os: "Windows" };
    expect(compareUa(b, { ...b })).toBe("same");
    expect(compareUa(b, { uaHash: "b", browser: "Chrome", os: "Windows" })).toBe("version");
    expect(compareUa(b, { uaHash: "b", browser: "Firefox", os: "Windows" })).toBe("different");
    expect(compareUa(b, { uaHash: "b", browser: "Chrome", os: "Mac OS" })).toBe("different");
    expect(compareUa({ uaHash: "a", browser: null, os: null }, { uaHash: "b", browser: null, os: null })).toBe("different");
  });

  it("treats Chromium brands as one family (the session may hold the hint's brand, the string says Chrome)", () => {
    expect(compareUa({ uaHash: "a", browser: "Brave", os: "Windows" }, { uaHash: "b", browser: "Chrome", os: "Windows" })).toBe("version");
    expect(compareUa({ uaHash: "a", browser: "Microsoft Edge", os: "Windows" }, { uaHash: "b", browser: "Edge", os: "Windows" })).toBe("version");
    // A string nothing recognises (curl) is never the same family, whatever hints came with it.
    expect(compareUa({ uaHash: "a", browser: "Chrome", os: "Windows" }, { uaHash: "b", browser: null, os: null })).toBe("different");
  });

  it("checks client hints against the session's browser and platform", () => {
    expect(hintsAgree({ browser: "Chrome", os: "Windows" }, { brand: "Chrome", platform: "Windows" })).toBe(true);
    expect(hintsAgree({ browser: "Chrome", os: "Windows" }, { brand: "Chrome", platform: "Android" })).toBe(false);
    expect(hintsAgree({ browser: "Chrome", os: "Windows" }, undefined)).toBeNull();
  });
});

describe("travel", () => {
  const london = { latitude: 51.5074, longitude: -0.1278, country: "GB" };
  const paris = { latitude: 48.8566, longitude: 2.3522, country: "FR" };
  const sydney = { latitude: -33.8688, longitude: 151.2093, country: "AU" };
  it("measures great-circle distance", () => {
    expect(haversineKm(london, paris)).toBeGreaterThan(330);
    expect(haversineKm(london, paris)).toBeLessThan(350);
    expect(haversineKm(london, sydney)).toBeGreaterThan(16_900);
  });

  it("London → Sydney in 10 minutes is impossible; after 30 hours it is not", () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    expect(assessTravel({ ...london, at: t0 }, { ...sydney, at: new Date(t0.getTime() + 10 * 60_000) }, 900).impossible).toBe(true);
    const slow = assessTravel({ ...london, at: t0 }, { ...sydney, at: new Date(t0.getTime() + 30 * 3_600_000) }, 900);
    expect(slow.impossible).toBe(false);
    expect(slow.countryChanged).toBe(true);
  });

  it("ignores city-level jitter under 100 km", () => {
    const t0 = new Date();
    expect(assessTravel({ ...london, at: t0 }, { latitude: 51.75, longitude: -1.25, country: "GB", at: t0 }, 900).impossible).toBe(false);
  });
});

describe("fetch metadata", () => {
  const app = "http://localhost:3000";
  it("flags a missing Sec-Fetch-Site only for browser-begun sessions", () => {
    const none = { site: null, mode: null, dest: null, origin: null };
    expect(assessFetchMetadata(none, { startedInBrowser: true, stateChanging: false, appOrigin: app }).missing).toBe(true);
    expect(assessFetchMetadata(none, { startedInBrowser: false, stateChanging: false, appOrigin: app }).missing).toBe(false);
  });

  it("flags cross-site state changes and foreign origins", () => {
    expect(assessFetchMetadata({ site: "cross-site", mode: "navigate", dest: "document", origin: "https://evil.example" }, { startedInBrowser: true, stateChanging: true, appOrigin: app }).crossSite).toBe(true);
    expect(assessFetchMetadata({ site: "same-origin", mode: "cors", dest: "empty", origin: app }, { startedInBrowser: true, stateChanging: true, appOrigin: app }).crossSite).toBe(false);
    // Following a link from another site to a page is normal.
    expect(assessFetchMetadata({ site: "cross-site", mode: "navigate", dest: "document", origin: null }, { startedInBrowser: true, stateChanging: false, appOrigin: app }).crossSite).toBe(false);
  });
});
