// Property-based tests (fast-check) for the hand-written IP helpers: hostile input never throws,
// generated valid addresses round-trip, and a prefix always contains the address it came from.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ipInCidr, ipPrefix, isTrusted, normalizeIp, parseCidr, parseIp, parseTrustedProxies } from "./ip";

const RUNS = { numRuns: 500 };

/** Arbitrary text, weighted towards things that look almost like addresses. */
const addressish = fc.oneof(
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:.%/[]"), maxLength: 60 }),
  fc.ipV4Extended(),
  fc.ipV6().map((s) => `[${s}]`),
  fc.tuple(fc.ipV6(), fc.string({ maxLength: 12 })).map(([a, z]) => `${a}%${z}`),
  fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), fc.string({ maxLength: 5 })).map(([a, b]) => `${a}/${b}`),
);

const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const isV4Mapped = (b: Uint8Array) => b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
const words = (b: Uint8Array) => Array.from({ length: 8 }, (_, i) => ((b[i * 2] ?? 0) << 8) | (b[i * 2 + 1] ?? 0));

/** The same 16 bytes written in several valid textual forms. */
const v6Text = fc.tuple(bytes16, fc.constantFrom("full", "padded", "upper", "compress-first-zero-run", "bracketed")).map(([b, form]) => {
  const w = words(b).map((x) => x.toString(16));
  let text: string;
  switch (form) {
    case "padded": text = w.map((x) => x.padStart(4, "0")).join(":"); break;
    case "upper": text = w.join(":").toUpperCase(); break;
    case "compress-first-zero-run": {
      const i = w.indexOf("0");
      if (i === -1) { text = w.join(":"); break; }
      let j = i;
      while (j < 8 && w[j] === "0") j++;
      text = `${w.slice(0, i).join(":")}::${w.slice(j).join(":")}`;
      break;
    }
    case "bracketed": text = `[${w.join(":")}]`; break;
    default: text = w.join(":");
  }
  return { bytes: b, text };
});

describe("ip helpers never throw", () => {
  it("parseIp / normalizeIp / ipPrefix / parseCidr / isTrusted return a value or null on any string", () => {
    fc.assert(fc.property(addressish, (s) => {
      const p = parseIp(s);
      const n = normalizeIp(s);
      const pre = ipPrefix(s);
      const c = parseCidr(s);
      isTrusted(s, []);
      expect(p === null).toBe(n === null);
      expect(p === null).toBe(pre === null);
      if (p) expect(p.bytes.length).toBe(p.version === 4 ? 4 : 16);
      if (c) {
        expect(c.bits).toBeGreaterThanOrEqual(0);
        expect(c.bits).toBeLessThanOrEqual(c.version === 4 ? 32 : 128);
      }
    }), RUNS);
  });

  it("non-string input (what a hostile caller could pass through `as string`) gives null", () => {
    fc.assert(fc.property(fc.anything().filter((x) => typeof x !== "string"), (x) => {
      expect(parseIp(x as string)).toBeNull();
      expect(normalizeIp(x as string)).toBeNull();
      expect(parseCidr(x as string)).toBeNull();
    }), { numRuns: 200 });
  });

  it("parseTrustedProxies either parses or throws an Error naming the bad entry (never anything else)", () => {
    fc.assert(fc.property(fc.array(addressish, { maxLength: 4 }).map((a) => a.join(",")), (list) => {
      try {
        const out = parseTrustedProxies(list);
        expect(Array.isArray(out)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^Invalid trusted proxy entry/);
      }
    }), RUNS);
  });
});

describe("round-trips", () => {
  it("a generated IPv4 address is already canonical and parses to its own octets", () => {
    fc.assert(fc.property(fc.ipV4(), (a) => {
      expect(normalizeIp(a)).toBe(a);
      const p = parseIp(a);
      expect(p?.version).toBe(4);
      expect(Array.from(p?.bytes ?? []).join(".")).toBe(a);
      expect(normalizeIp(`::ffff:${a}`)).toBe(a);
    }), RUNS);
  });

  it("any textual form of 16 bytes parses back to those bytes (IPv4-mapped → the IPv4 tail)", () => {
    fc.assert(fc.property(v6Text, ({ bytes, text }) => {
      const p = parseIp(text);
      expect(p).not.toBeNull();
      if (isV4Mapped(bytes)) {
        expect(p?.version).toBe(4);
        expect(Array.from(p?.bytes ?? [])).toEqual(Array.from(bytes.slice(12)));
      } else {
        expect(p?.version).toBe(6);
        expect(Array.from(p?.bytes ?? [])).toEqual(Array.from(bytes));
      }
    }), RUNS);
  });

  it("fast-check's IPv6 generator (with IPv4 tails) is accepted; normalizing is idempotent and lossless", () => {
    fc.assert(fc.property(fc.ipV6(), (a) => {
      const n = normalizeIp(a);
      expect(n).not.toBeNull();
      expect(normalizeIp(n as string)).toBe(n);
      expect(Array.from(parseIp(n as string)?.bytes ?? [])).toEqual(Array.from(parseIp(a)?.bytes ?? []));
      // RFC 5952: lower case, no leading zeros in a group, at most one "::".
      expect(n).toBe((n as string).toLowerCase());
      expect((n as string).split("::").length).toBeLessThanOrEqual(2);
    }), RUNS);
  });
});

describe("prefixes contain their address", () => {
  const anyIp = fc.oneof(fc.ipV4(), fc.ipV6());

  it("ipPrefix(a) is a /24 or /64 that parseCidr accepts and that contains a; it is stable", () => {
    fc.assert(fc.property(anyIp, (a) => {
      const pre = ipPrefix(a);
      expect(pre).toMatch(parseIp(a)?.version === 4 ? /\/24$/ : /\/64$/);
      const cidr = parseCidr(pre as string);
      expect(cidr).not.toBeNull();
      expect(ipInCidr(a, cidr)).toBe(true);
      // The network address has the same prefix.
      expect(ipPrefix((pre as string).split("/")[0] as string)).toBe(pre);
    }), RUNS);
  });

  it("a/N contains a for every valid N, and N = 0 contains every address of that family", () => {
    fc.assert(fc.property(anyIp, fc.nat(128), anyIp, (a, n, other) => {
      const v = parseIp(a)?.version;
      const bits = v === 4 ? n % 33 : n;
      const text = `${a}/${bits}`;
      const c = parseCidr(text);
      // An IPv6 address written with an IPv4-mapped form only takes /96../128.
      if (c === null) {
        expect(a.toLowerCase()).toMatch(/ffff:/);
        return;
      }
      expect(ipInCidr(a, c)).toBe(true);
      expect(isTrusted(a, [c])).toBe(true);
      if (c.bits === 0) expect(ipInCidr(other, c)).toBe(parseIp(other)?.version === c.version);
    }), RUNS);
  });
});
