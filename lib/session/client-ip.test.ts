import { describe, it, expect } from "vitest";
import { resolveClientIp } from "./client-ip";
import { parseTrustedProxies } from "./ip";

const none = parseTrustedProxies("");
const local = parseTrustedProxies("127.0.0.1, ::1");
const chain = parseTrustedProxies("10.0.0.0/8, 127.0.0.1, fd00::/8");

describe("resolveClientIp", () => {
  it("returns 'unknown' for a missing or unparseable socket address", () => {
    expect(resolveClientIp({ socketIp: undefined, xForwardedFor: "1.2.3.4", trustedProxies: chain })).toBe("unknown");
    expect(resolveClientIp({ socketIp: "nonsense", xForwardedFor: "1.2.3.4", trustedProxies: chain })).toBe("unknown");
    expect(resolveClientIp({ socketIp: "", xForwardedFor: undefined, trustedProxies: none })).toBe("unknown");
  });

  it("ignores a spoofed X-Forwarded-For when no proxies are trusted", () => {
    expect(resolveClientIp({ socketIp: "198.51.100.7", xForwardedFor: "1.2.3.4", trustedProxies: none })).toBe(
      "198.51.100.7",
    );
  });

  it("ignores X-Forwarded-For when the socket peer is not a trusted proxy", () => {
    expect(
      resolveClientIp({ socketIp: "198.51.100.7", xForwardedFor: ["127.0.0.1", "10.0.0.1"], trustedProxies: chain }),
    ).toBe("198.51.100.7");
  });

  it("uses the entry added by a single trusted proxy", () => {
    expect(resolveClientIp({ socketIp: "127.0.0.1", xForwardedFor: "203.0.113.9", trustedProxies: local })).toBe(
      "203.0.113.9",
    );
  });

  it("takes the rightmost untrusted entry, so a client-prepended value is ignored", () => {
    expect(
      resolveClientIp({ socketIp: "127.0.0.1", xForwardedFor: "6.6.6.6, 203.0.113.9", trustedProxies: local }),
    ).toBe("203.0.113.9");
  });

  it("walks a chain of trusted proxies", () => {
    expect(
      resolveClientIp({
        socketIp: "10.0.0.2",
        xForwardedFor: "6.6.6.6, 203.0.113.9, 10.1.1.1, 127.0.0.1",
        trustedProxies: chain,
      }),
    ).toBe("203.0.113.9");
  });

  it("joins multiple header instances in order", () => {
    expect(
      resolveClientIp({ socketIp: "10.0.0.2", xForwardedFor: ["6.6.6.6, 203.0.113.9", "10.1.1.1"], trustedProxies: chain }),
    ).toBe("203.0.113.9");
  });

  it("returns the leftmost entry when every hop is trusted", () => {
    expect(resolveClientIp({ socketIp: "10.0.0.2", xForwardedFor: "10.9.9.9, 10.1.1.1", trustedProxies: chain })).toBe(
      "10.9.9.9",
    );
  });

  it("returns the socket address when the header is missing or empty", () => {
    expect(resolveClientIp({ socketIp: "10.0.0.2", xForwardedFor: undefined, trustedProxies: chain })).toBe("10.0.0.2");
    expect(resolveClientIp({ socketIp: "10.0.0.2", xForwardedFor: " , ", trustedProxies: chain })).toBe("10.0.0.2");
  });

  it("stops at garbage and returns the last trusted hop reached", () => {
    expect(
      resolveClientIp({ socketIp: "10.0.0.2", xForwardedFor: "203.0.113.9, <script>, 10.1.1.1", trustedProxies: chain }),
    ).toBe("10.1.1.1");
    expect(resolveClientIp({ socketIp: "127.0.0.1", xForwardedFor: "1.2.3.4, unknown", trustedProxies: local })).toBe(
      "127.0.0.1",
    );
  });

  it("handles IPv6 sockets and entries, normalising them", () => {
    expect(
      resolveClientIp({ socketIp: "::1", xForwardedFor: "2001:DB8:0:0::1, fd00::5", trustedProxies: parseTrustedProxies("::1, fd00::/8") }),
    ).toBe("2001:db8::1");
    expect(resolveClientIp({ socketIp: "[2001:db8::7]", xForwardedFor: "1.2.3.4", trustedProxies: chain })).toBe(
      "2001:db8::7",
    );
  });

  it("treats a mapped IPv4 socket as IPv4", () => {
    expect(resolveClientIp({ socketIp: "::ffff:127.0.0.1", xForwardedFor: undefined, trustedProxies: none })).toBe(
      "127.0.0.1",
    );
    expect(resolveClientIp({ socketIp: "::ffff:127.0.0.1", xForwardedFor: "203.0.113.9", trustedProxies: local })).toBe(
      "203.0.113.9",
    );
  });

  it("ignores a header longer than 8 KiB", () => {
    const big = `${"10.0.0.1, ".repeat(900)}203.0.113.9`;
    expect(big.length).toBeGreaterThan(8192);
    expect(resolveClientIp({ socketIp: "10.0.0.2", xForwardedFor: big, trustedProxies: chain })).toBe("10.0.0.2");
  });

  it("only considers the rightmost 32 entries", () => {
    const trustedHops = Array.from({ length: 40 }, (_, i) => `10.0.0.${i + 1}`);
    const header = ["203.0.113.9", ...trustedHops].join(",");
    // Client is 41 entries from the right: out of reach, so the leftmost considered hop wins.
    expect(resolveClientIp({ socketIp: "10.0.0.100", xForwardedFor: header, trustedProxies: chain })).toBe("10.0.0.9");
    const within = ["203.0.113.9", ...trustedHops.slice(0, 31)].join(",");
    expect(resolveClientIp({ socketIp: "10.0.0.100", xForwardedFor: within, trustedProxies: chain })).toBe("203.0.113.9");
  });
});
