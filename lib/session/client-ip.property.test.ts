// Property-based tests (fast-check) for X-Forwarded-For handling: never throws, and what a
// client writes into X-Forwarded-For can never choose the address when no proxy is trusted.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { resolveClientIp } from "./client-ip";
import { normalizeIp, parseCidr, type Cidr } from "./ip";

const RUNS = { numRuns: 500 };

const entry = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom("unknown", "", " ", "[::1]", "127.0.0.1:8080", "for=1.2.3.4"));
const xffHeader = fc.oneof(
  fc.constant(undefined),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.array(entry, { maxLength: 40 }).map((a) => a.join(", ")),
  fc.array(fc.array(entry, { maxLength: 5 }).map((a) => a.join(",")), { maxLength: 4 }),
  fc.string({ maxLength: 10 }).map((s) => `${s},`.repeat(3000)), // over the length cap
);
const socket = fc.oneof(fc.constant(undefined), fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`), fc.string({ unit: "binary", maxLength: 40 }));
const trustedList = fc.array(fc.oneof(fc.ipV4(), fc.ipV6()).chain((a) => fc.nat(a.includes(":") ? 128 : 32).map((n) => parseCidr(`${a}/${n}`))), { maxLength: 3 })
  .map((l) => l.filter((c): c is Cidr => c !== null));

describe("resolveClientIp", () => {
  it("never throws, and answers a canonical address or 'unknown'", () => {
    fc.assert(fc.property(socket, xffHeader, trustedList, (socketIp, xForwardedFor, trustedProxies) => {
      const ip = resolveClientIp({ socketIp, xForwardedFor, trustedProxies });
      expect(ip === "unknown" || normalizeIp(ip) === ip).toBe(true);
      if (ip === "unknown") expect(socketIp === undefined || normalizeIp(socketIp) === null).toBe(true);
    }), RUNS);
  });

  it("with no trusted proxies it is always the normalized socket address, whatever X-Forwarded-For says", () => {
    fc.assert(fc.property(socket, xffHeader, (socketIp, xForwardedFor) => {
      const expected = socketIp === undefined ? "unknown" : (normalizeIp(socketIp) ?? "unknown");
      expect(resolveClientIp({ socketIp, xForwardedFor, trustedProxies: [] })).toBe(expected);
    }), RUNS);
  });

  it("through one trusted proxy, the entry the proxy appended wins over anything the client prepended", () => {
    const proxy = parseCidr("10.0.0.1/32") as Cidr;
    const client = fc.oneof(fc.ipV4(), fc.ipV6()).filter((a) => normalizeIp(a) !== "10.0.0.1");
    fc.assert(fc.property(fc.array(entry, { maxLength: 10 }), client, (forged, real) => {
      const xff = [...forged, real].join(", ");
      expect(resolveClientIp({ socketIp: "10.0.0.1", xForwardedFor: xff, trustedProxies: [proxy] })).toBe(normalizeIp(real));
    }), RUNS);
  });
});
