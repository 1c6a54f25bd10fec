import { describe, it, expect } from "vitest";
import {
  ipInCidr,
  ipPrefix,
  isTrusted,
  normalizeIp,
  parseCidr,
  parseIp,
  parseTrustedProxies,
} from "./ip";

describe("parseIp", () => {
  it("parses IPv4 into 4 bytes", () => {
    const p = parseIp("203.0.113.7");
    expect(p?.version).toBe(4);
    expect(Array.from(p?.bytes ?? [])).toEqual([203, 0, 113, 7]);
  });

  it("parses IPv6 with compression into 16 bytes", () => {
    const p = parseIp("2001:db8::1");
    expect(p?.version).toBe(6);
    expect(Array.from(p?.bytes ?? [])).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it("normalises IPv4-mapped IPv6 to version 4", () => {
    const p = parseIp("::ffff:1.2.3.4");
    expect(p?.version).toBe(4);
    expect(Array.from(p?.bytes ?? [])).toEqual([1, 2, 3, 4]);
    expect(parseIp("::FFFF:0102:0304")?.version).toBe(4);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.256",
    "01.2.3.4",
    "1.2.3.04",
    "1.2.3.-1",
    "1.2.3.4 ",
    " 1.2.3.4",
    "1..2.3",
    "1.2.3.",
    "0x7f.0.0.1",
    "2130706433",
    ":::",
    "1::2::3",
    "::1::",
    ":1::2",
    "1::2:",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "12345::1",
    "g::1",
    "1.2.3.4::",
    "::1.2.3.4:5",
    "::ffff:256.1.1.1",
    "::ffff:1.2.3",
    "[1.2.3.4]",
    "[::1",
    "::1]",
    "fe80::1%",
    "fe80::1%eth 0",
    "1.2.3.4%eth0",
    "١.٢.٣.٤",
    "１.２.３.４",
    "<script>alert(1)</script>",
    "localhost",
    "1".repeat(10_000),
    "1:".repeat(5000) + "1",
  ])("rejects %j", (s) => {
    expect(parseIp(s)).toBeNull();
    expect(normalizeIp(s)).toBeNull();
  });

  it("returns null rather than throwing for non-string input", () => {
    expect(parseIp(undefined as unknown as string)).toBeNull();
    expect(parseIp(42 as unknown as string)).toBeNull();
  });
});

describe("normalizeIp", () => {
  it.each([
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["::", "::"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // first of equal runs
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"], // longest run, single zero not compressed
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["fe80::1%eth0", "fe80::1"],
    ["[fe80::1%25]", "fe80::1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["[::ffff:10.1.2.3]", "10.1.2.3"],
    ["::127.0.0.1", "::7f00:1"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });
});

describe("ipPrefix", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["10.0.0.1", "10.0.0.0/24"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8::/64"],
    ["::ffff:198.51.100.9", "198.51.100.0/24"],
    ["::1", "::/64"],
  ])("%s -> %s", (input, expected) => {
    expect(ipPrefix(input)).toBe(expected);
  });

  it("returns null for garbage", () => {
    expect(ipPrefix("not an ip")).toBeNull();
  });
});

describe("parseCidr / ipInCidr", () => {
  it("parses bits and masks host bits", () => {
    const c = parseCidr("10.1.2.3/8");
    expect(c?.version).toBe(4);
    expect(c?.bits).toBe(8);
    expect(Array.from(c?.bytes ?? [])).toEqual([10, 0, 0, 0]);
  });

  it("treats a bare IP as a host route", () => {
    expect(parseCidr("127.0.0.1")?.bits).toBe(32);
    expect(parseCidr("::1")?.bits).toBe(128);
  });

  it("converts mapped IPv6 CIDRs into the IPv4 space", () => {
    const c = parseCidr("::ffff:10.0.0.0/104");
    expect(c?.version).toBe(4);
    expect(c?.bits).toBe(8);
    expect(ipInCidr("10.200.0.1", c)).toBe(true);
    expect(parseCidr("::ffff:10.0.0.0/64")).toBeNull();
  });

  it.each(["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/", "10.0.0.0/8/8", "::/129", "/8", "x/8", "10.0.0.0/8 "])(
    "rejects %j",
    (s) => {
      expect(parseCidr(s)).toBeNull();
    },
  );

  it("matches addresses inside the network only", () => {
    const c = parseCidr("192.168.0.0/16");
    expect(ipInCidr("192.168.255.1", c)).toBe(true);
    expect(ipInCidr("192.169.0.1", c)).toBe(false);
    expect(ipInCidr("::ffff:192.168.1.1", c)).toBe(true);
    expect(ipInCidr("garbage", c)).toBe(false);
    expect(ipInCidr("192.168.1.1", null)).toBe(false);
  });

  it("handles non-octet-aligned prefixes", () => {
    const c = parseCidr("10.0.0.64/27");
    expect(ipInCidr("10.0.0.64", c)).toBe(true);
    expect(ipInCidr("10.0.0.95", c)).toBe(true);
    expect(ipInCidr("10.0.0.96", c)).toBe(false);
    expect(ipInCidr("10.0.0.63", c)).toBe(false);
  });

  it("matches IPv6 networks and never crosses versions", () => {
    const c = parseCidr("2001:db8::/32");
    expect(ipInCidr("2001:db8:ffff::1", c)).toBe(true);
    expect(ipInCidr("2001:db9::1", c)).toBe(false);
    expect(ipInCidr("32.1.13.184", c)).toBe(false);
    expect(ipInCidr("::1", parseCidr("0.0.0.0/0"))).toBe(false);
    expect(ipInCidr("1.2.3.4", parseCidr("0.0.0.0/0"))).toBe(true);
    expect(ipInCidr("2001:db8::1", parseCidr("::/0"))).toBe(true);
  });
});

describe("parseTrustedProxies / isTrusted", () => {
  it("accepts comma and whitespace separated entries", () => {
    const list = parseTrustedProxies(" 10.0.0.0/8, 127.0.0.1\n::1  fd00::/8,,");
    expect(list).toHaveLength(4);
    expect(isTrusted("10.9.9.9", list)).toBe(true);
    expect(isTrusted("127.0.0.1", list)).toBe(true);
    expect(isTrusted("::ffff:127.0.0.1", list)).toBe(true);
    expect(isTrusted("::1", list)).toBe(true);
    expect(isTrusted("fd12::5", list)).toBe(true);
    expect(isTrusted("127.0.0.2", list)).toBe(false);
    expect(isTrusted("8.8.8.8", list)).toBe(false);
    expect(isTrusted("garbage", list)).toBe(false);
  });

  it("returns an empty list for an empty string", () => {
    expect(parseTrustedProxies("")).toEqual([]);
    expect(isTrusted("127.0.0.1", parseTrustedProxies("  "))).toBe(false);
  });

  it("throws naming the bad entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, 10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies("127.0.0.1 localhost")).toThrow(/"localhost"/);
  });
});
