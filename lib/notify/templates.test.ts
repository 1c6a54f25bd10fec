import { describe, expect, it } from "vitest";
import {
  ALERT_KINDS,
  describeDevice,
  escapeHtml,
  formatTime,
  renderAlert,
  renderPasswordReset,
  type MailContext,
} from "./templates";

const APP = "https://sg.example.com";
const AT = new Date("2025-01-03T14:05:09.000Z");
const XSS = "<img src=x onerror=alert(1)>";
const ctx = (over: Partial<MailContext> = {}): MailContext => ({ browser: "Firefox", os: "Linux", ip: "203.0.113.7", place: "Berlin, Germany", at: AT, ...over });
// A token has the shape of lib/session/token.ts: 43 base64url characters.
const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";
const TOKENISH = /[A-Za-z0-9_-]{43}/;

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});

describe("describeDevice / formatTime", () => {
  it("names the device, with fallbacks for unknown parts", () => {
    expect(describeDevice("Chrome", "Windows")).toBe("Chrome on Windows");
    expect(describeDevice(null, "macOS")).toBe("Unknown browser on macOS");
    expect(describeDevice("Safari", null)).toBe("Safari on an unknown system");
    expect(describeDevice(null, null)).toBe("Unknown browser and system");
  });

  it("flattens line breaks so a crafted value cannot add lines to the text mail", () => {
    expect(describeDevice("Evil\r\n\r\nClick https://evil.example", "X")).toBe("Evil Click https://evil.example on X");
    expect(describeDevice("a".repeat(500), null).length).toBeLessThan(140);
  });

  it("gives UTC in human form and ISO", () => {
    expect(formatTime(AT)).toBe("Friday, 3 January 2025 at 14:05 UTC (2025-01-03T14:05:09.000Z)");
  });
});

describe("alert mails", () => {
  it.each(ALERT_KINDS)("%s: device, IP, place, time and the devices link, in text and HTML", (kind) => {
    const m = renderAlert(kind, ctx(), APP);
    for (const part of [m.text, m.html, m.body]) {
      expect(part).toContain("Firefox on Linux");
      expect(part).toContain("203.0.113.7");
      expect(part).toContain("Berlin, Germany");
      expect(part).toContain("2025-01-03T14:05:09.000Z");
    }
    expect(m.text).toContain(`${APP}/account/devices`);
    expect(m.html).toContain(`href="${APP}/account/devices"`);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.title.length).toBeGreaterThan(0);
  });

  it("says 'unknown location' without a place, and tolerates a trailing slash in APP_URL", () => {
    const m = renderAlert("new_device", ctx({ place: null }), `${APP}/`);
    expect(m.text).toContain("unknown location");
    expect(m.text).toContain(`${APP}/account/devices`);
    expect(m.text).not.toContain("//account");
    expect(renderAlert("new_device", ctx({ place: "Unknown location" }), APP).text).toContain("Location: unknown location\n");
    expect(renderAlert("new_device", ctx({ place: "Lyon, FR" }), APP).text).toContain("Location: Lyon, FR (approximate)\n");
  });

  it.each(ALERT_KINDS)("%s: escapes an attacker-controlled browser, OS, place and IP in the HTML", (kind) => {
    const m = renderAlert(kind, ctx({ browser: XSS, os: `"><script>alert(2)</script>`, place: XSS, ip: `1.2.3.4<b>` }), APP);
    expect(m.html).not.toContain("<img");
    expect(m.html).not.toContain("<script");
    expect(m.html).not.toContain("<b>");
    expect(m.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(m.html).toContain("&quot;&gt;&lt;script&gt;");
    // The plain-text part carries the value verbatim (it is not HTML) but on one line.
    expect(m.text).toContain(XSS);
  });

  it.each(ALERT_KINDS)("%s: contains no token-shaped string at all", (kind) => {
    const m = renderAlert(kind, ctx(), APP);
    for (const part of [m.subject, m.text, m.html, m.title, m.body]) {
      expect(part).not.toMatch(TOKENISH);
      expect(part).not.toContain("token");
    }
  });
});

describe("password reset mail", () => {
  it("carries the reset link, its lifetime and the 'ignore if not you' advice", () => {
    const m = renderPasswordReset({ appUrl: APP, token: TOKEN, validMinutes: 30, ctx: ctx() });
    const link = `${APP}/reset-password?token=${TOKEN}`;
    expect(m.text).toContain(link);
    expect(m.html).toContain(`href="${link}"`);
    expect(m.text).toContain("30 minutes");
    expect(m.text).toMatch(/did not ask for this, ignore this/);
    expect(m.text).toContain("203.0.113.7");
    expect(m.subject).not.toContain(TOKEN);
  });

  it("escapes the requester's user agent in the HTML", () => {
    const m = renderPasswordReset({ appUrl: APP, token: TOKEN, validMinutes: 30, ctx: ctx({ browser: XSS }) });
    expect(m.html).not.toContain("<img");
    expect(m.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
