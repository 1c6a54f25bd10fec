// Whether an address can have a place: private, loopback, link-local, CGNAT, documentation and
// multicast ranges cannot.
import type { ParsedIp } from "@/lib/session/ip";

export function isPublicAddress(ip: ParsedIp): boolean {
  const b = ip.bytes;
  if (ip.version === 4) {
    const [a = 0, c = 0] = [b[0], b[1]];
    if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
    if (a === 169 && c === 254) return false;
    if (a === 172 && c >= 16 && c <= 31) return false;
    if (a === 192 && c === 168) return false;
    if (a === 100 && c >= 64 && c <= 127) return false;
    return true;
  }
  const first = ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  if (b.every((x, i) => (i < 15 ? x === 0 : x <= 1))) return false; // :: and ::1
  if ((first & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (first === 0x2001 && (((b[2] ?? 0) << 8) | (b[3] ?? 0)) === 0x0db8) return false; // 2001:db8::/32 documentation
  return true;
}
