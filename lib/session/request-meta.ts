import "server-only";
// The client's address and User-Agent for the current request. The address comes from
// server.ts, which derives it from the socket (and TRUSTED_PROXIES) and overwrites any
// client-sent copy of the header; Next's own server would pass a client's X-Forwarded-For
// through unchanged, so running without server.ts is refused.
import { headers } from "next/headers";
import type { RequestMeta } from "./store";
import { parseClientHints } from "./client-hints";

import { CLIENT_IP_HEADER, isTrustedServer, UntrustedServerError } from "./request-meta-shared";

export async function requestMeta(): Promise<RequestMeta> {
  if (!isTrustedServer()) throw new UntrustedServerError();
  const h = await headers();
  return {
    ip: h.get(CLIENT_IP_HEADER) ?? "unknown",
    userAgent: h.get("user-agent") ?? "",
    hints: parseClientHints({ ua: h.get("sec-ch-ua"), platform: h.get("sec-ch-ua-platform"), mobile: h.get("sec-ch-ua-mobile") }),
  };
}

/** Same as requestMeta(), for code handed a plain header object (next-auth's authorize). */
export function metaFromHeaderBag(h: Record<string, unknown> | Headers | undefined): RequestMeta {
  if (!isTrustedServer()) throw new UntrustedServerError();
  const get = (name: string): string | undefined => {
    if (!h) return undefined;
    if (h instanceof Headers) return h.get(name) ?? undefined;
    const v = h[name];
    return typeof v === "string" ? v : undefined;
  };
  return {
    ip: get(CLIENT_IP_HEADER) ?? "unknown",
    userAgent: get("user-agent") ?? "",
    hints: parseClientHints({ ua: get("sec-ch-ua"), platform: get("sec-ch-ua-platform"), mobile: get("sec-ch-ua-mobile") }),
  };
}
