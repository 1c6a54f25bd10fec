import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { describeUserAgent } from "./user-agent";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

const CHROME_WIN =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const SAFARI_IPAD =
  "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
const PS5 = "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15";

describe("describeUserAgent", () => {
  it("recognises Chrome on Windows as desktop", () => {
    const d = describeUserAgent(CHROME_WIN);
    expect(d).toMatchObject({ browser: "Chrome", browserMajor: "124", os: "Windows", deviceType: "desktop" });
    expect(d.text).toBe(CHROME_WIN);
    expect(d.hash).toBe(sha(CHROME_WIN));
  });

  it("recognises Firefox on Linux as desktop", () => {
    expect(describeUserAgent(FIREFOX_LINUX)).toMatchObject({
      browser: "Firefox",
      browserMajor: "125",
      os: "Linux",
      deviceType: "desktop",
    });
  });

  it("recognises Safari on iPhone as mobile", () => {
    expect(describeUserAgent(SAFARI_IPHONE)).toMatchObject({
      browser: "Mobile Safari",
      browserMajor: "17",
      os: "iOS",
      deviceType: "mobile",
    });
  });

  it("recognises an iPad as tablet", () => {
    expect(describeUserAgent(SAFARI_IPAD)).toMatchObject({ os: "iOS", deviceType: "tablet" });
  });

  it("maps consoles to other", () => {
    expect(describeUserAgent(PS5).deviceType).toBe("other");
  });

  it("classifies curl as other with no OS", () => {
    const d = describeUserAgent("curl/8.5.0");
    expect(d.os).toBeNull();
    expect(d.deviceType).toBe("other");
    expect(d.text).toBe("curl/8.5.0");
  });

  it.each([[""], [undefined], [null]])("handles missing UA %p", (ua) => {
    expect(describeUserAgent(ua)).toEqual({
      text: "",
      hash: sha(""),
      browser: null,
      browserMajor: null,
      os: null,
      deviceType: "other",
    });
  });

  it("returns HTML verbatim as plain text without throwing", () => {
    const html = "<img src=x onerror=alert(1)>";
    const d = describeUserAgent(html);
    expect(d.text).toBe(html);
    expect(d.hash).toBe(sha(html));
    expect(d.browser).toBeNull();
    expect(d.deviceType).toBe("other");
  });

  it("truncates text to 512 chars but hashes the full string", () => {
    const long = `${CHROME_WIN} ${"x".repeat(100_000)}`;
    const d = describeUserAgent(long);
    expect(d.text).toHaveLength(512);
    expect(d.text).toBe(long.slice(0, 512));
    expect(d.hash).toBe(sha(long));
    expect(d.hash).not.toBe(sha(d.text));
    expect(d.browser).toBe("Chrome");
  });
});
