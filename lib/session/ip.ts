// Pure IP helpers. Hand-written rather than node:net so behaviour on hostile input is
// fully specified here: every function returns null instead of throwing.

export type ParsedIp = { version: 4 | 6; bytes: Uint8Array };
export type Cidr = { version: 4 | 6; bytes: Uint8Array; bits: number };
export type CidrList = readonly Cidr[];

// Longest legitimate form is a bracketed IPv6 with embedded IPv4 and a zone id; anything
// much longer is garbage and not worth scanning.
const MAX_INPUT = 100;
// Explicit ASCII classes so Unicode digits (e.g. "١") can never be accepted.
const V4_PART = /^(0|[1-9][0-9]{0,2})$/;
const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[A-Za-z0-9_.~-]+$/;

function parseV4(s: string): Uint8Array | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? "";
    // Leading zeros are rejected because some stacks read them as octal.
    if (!V4_PART.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseV6Groups(groups: string[], allowV4Tail: boolean): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] ?? "";
    if (g.includes(".")) {
      if (!allowV4Tail || i !== groups.length - 1) return null;
      const v4 = parseV4(g);
      if (!v4) return null;
      out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      continue;
    }
    if (!V6_GROUP.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

function parseV6(s: string): Uint8Array | null {
  const halves = s.split("::");
  if (halves.length > 2) return null;
  let words: number[];
  if (halves.length === 1) {
    const w = parseV6Groups(s.split(":"), true);
    if (!w || w.length !== 8) return null;
    words = w;
  } else {
    const [left = "", right = ""] = halves;
    const head = left === "" ? [] : parseV6Groups(left.split(":"), false);
    const tail = right === "" ? [] : parseV6Groups(right.split(":"), true);
    if (!head || !tail) return null;
    // "::" stands for at least one zero group.
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Parses without the ::ffff: mapping step; `wasV6Text` lets CIDR parsing adjust prefix bits. */
function parseIpRaw(input: string): (ParsedIp & { wasV6Text: boolean }) | null {
  if (typeof input !== "string" || input.length === 0 || input.length > MAX_INPUT) return null;
  let s = input;
  const bracketed = s.startsWith("[") && s.endsWith("]");
  if (bracketed) s = s.slice(1, -1);
  if (s.includes(":")) {
    const pct = s.indexOf("%");
    if (pct !== -1) {
      if (!ZONE.test(s.slice(pct + 1))) return null;
      s = s.slice(0, pct);
    }
    const bytes = parseV6(s);
    if (!bytes) return null;
    if (isV4Mapped(bytes)) return { version: 4, bytes: bytes.slice(12), wasV6Text: true };
    return { version: 6, bytes, wasV6Text: true };
  }
  if (bracketed) return null;
  const bytes = parseV4(s);
  return bytes ? { version: 4, bytes, wasV6Text: false } : null;
}

export function parseIp(s: string): ParsedIp | null {
  const r = parseIpRaw(s);
  return r ? { version: r.version, bytes: r.bytes } : null;
}

function formatV6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  // RFC 5952: compress the longest run (first on ties) of two or more zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestLen < 2) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

function format(ip: ParsedIp): string {
  return ip.version === 4 ? Array.from(ip.bytes).join(".") : formatV6(ip.bytes);
}

/** Canonical text: dotted IPv4, RFC 5952 IPv6; IPv4-mapped IPv6 becomes plain IPv4. */
export function normalizeIp(s: string): string | null {
  const ip = parseIp(s);
  return ip ? format(ip) : null;
}

function maskBytes(bytes: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const remaining = bits - i * 8;
    const b = bytes[i] ?? 0;
    out[i] = remaining >= 8 ? b : remaining <= 0 ? 0 : b & ((0xff << (8 - remaining)) & 0xff);
  }
  return out;
}

/** Coarse network used to compare "same network" across requests (/24 or /64). */
export function ipPrefix(ip: string): string | null {
  const p = parseIp(ip);
  if (!p) return null;
  const bits = p.version === 4 ? 24 : 64;
  return `${format({ version: p.version, bytes: maskBytes(p.bytes, bits) })}/${bits}`;
}

const BITS = /^(0|[1-9][0-9]{0,2})$/;

/** Host bits are masked off rather than rejected, so "10.0.0.1/8" means 10.0.0.0/8. */
export function parseCidr(s: string): Cidr | null {
  if (typeof s !== "string" || s.length === 0 || s.length > MAX_INPUT + 4) return null;
  const slash = s.indexOf("/");
  const addr = slash === -1 ? s : s.slice(0, slash);
  const ip = parseIpRaw(addr);
  if (!ip) return null;
  let bits: number;
  if (slash === -1) {
    bits = ip.version === 4 ? 32 : 128;
  } else {
    const bitText = s.slice(slash + 1);
    if (!BITS.test(bitText)) return null;
    bits = Number(bitText);
    if (ip.version === 4 && ip.wasV6Text) {
      // ::ffff:a.b.c.d/N was written against the 128-bit space.
      if (bits < 96 || bits > 128) return null;
      bits -= 96;
    }
    if (bits > (ip.version === 4 ? 32 : 128)) return null;
  }
  return { version: ip.version, bytes: maskBytes(ip.bytes, bits), bits };
}

function parsedInCidr(ip: ParsedIp, cidr: Cidr): boolean {
  if (ip.version !== cidr.version) return false;
  const masked = maskBytes(ip.bytes, cidr.bits);
  for (let i = 0; i < masked.length; i++) if (masked[i] !== cidr.bytes[i]) return false;
  return true;
}

export function ipInCidr(ip: string, cidr: ReturnType<typeof parseCidr>): boolean {
  if (!cidr) return false;
  const p = parseIp(ip);
  return p ? parsedInCidr(p, cidr) : false;
}

/**
 * Parses a config value such as "10.0.0.0/8, 127.0.0.1 ::1". Throws (naming the entry)
 * because a silently-dropped typo would change which clients can spoof their address.
 */
export function parseTrustedProxies(list: string): CidrList {
  const out: Cidr[] = [];
  for (const entry of list.split(/[\s,]+/)) {
    if (entry === "") continue;
    const cidr = parseCidr(entry);
    if (!cidr) {
      const shown = entry.length > 80 ? `${entry.slice(0, 80)}…` : entry;
      throw new Error(`Invalid trusted proxy entry: "${shown}" (expected an IP address or CIDR)`);
    }
    out.push(cidr);
  }
  return out;
}

export function isTrusted(ip: string, list: CidrList): boolean {
  const p = parseIp(ip);
  if (!p) return false;
  return list.some((c) => parsedInCidr(p, c));
}
