// Pure (no server-only marker): server.ts imports it outside the Next bundle.
import { isTrusted, normalizeIp, type CidrList } from "./ip";

// Bounds the parsing work a (trusted) proxy chain can make us do per request.
const MAX_XFF_LENGTH = 8 * 1024;
const MAX_XFF_ENTRIES = 32;

export type ResolveClientIpInput = {
  socketIp: string | undefined;
  xForwardedFor: string | string[] | undefined;
  trustedProxies: CidrList;
};

/**
 * Returns the normalised client address, or "unknown" when the socket address is missing.
 * X-Forwarded-For is only believed hop by hop: each entry is trusted only because the hop to
 * its right is a configured proxy, so anything a client writes itself can never win.
 */
export function resolveClientIp(input: ResolveClientIpInput): string {
  const socket = input.socketIp === undefined ? null : normalizeIp(input.socketIp);
  if (socket === null) return "unknown";
  if (!isTrusted(socket, input.trustedProxies)) return socket;

  const raw = Array.isArray(input.xForwardedFor) ? input.xForwardedFor.join(",") : input.xForwardedFor;
  if (raw === undefined || raw.length > MAX_XFF_LENGTH) return socket;

  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "")
    .slice(-MAX_XFF_ENTRIES);

  let current = socket;
  for (let i = entries.length - 1; i >= 0; i--) {
    const ip = normalizeIp(entries[i] ?? "");
    // Garbage means the chain can't be followed; nothing to its left is trustworthy.
    if (ip === null) return current;
    if (!isTrusted(ip, input.trustedProxies)) return ip;
    current = ip;
  }
  return current;
}
