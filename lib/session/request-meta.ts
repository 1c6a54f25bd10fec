import "server-only";
// The client's address and User-Agent for the current request. The address comes from
// server.ts, which derives it from the socket (and TRUSTED_PROXIES) and overwrites any
// client-sent copy of the header; Next's own server would pass a client's X-Forwarded-For
// through unchanged, so running without server.ts is refused.
import { headers } from "next/headers";
import type { RequestMeta } from "./store";
import { parseClientHints } from "./client-hints";

import { CLIENT_IP_HEADER, METHOD_HEADER, PATH_HEADER, isTrustedServer, UntrustedServerError } from "./request-meta-shared";

export async function requestMeta(): Promise<RequestMeta> {
  if (!isTrustedServer()) throw new UntrustedServerError();
  const h = await headers();
  return {
    ip: h.get(CLIENT_IP_HEADER) ?? "unknown",
    userAgent: h.get("user-agent") ?? "",
    hints: parseClientHints({ ua: h.get("sec-ch-ua"), platform: h.get("sec-ch-ua-platform"), mobile: h.get("sec-ch-ua-mobile") }),
    fetch: { site: h.get("sec-fetch-site"), mode: h.get("sec-fetch-mode"), dest: h.get("sec-fetch-dest"), origin: h.get("origin") },
    path: h.get(PATH_HEADER) ?? "",
    method: h.get(METHOD_HEADER) ?? "GET",
    // A page view: a GET of a page that is not a prefetch (RSC navigations count: the user went there).
    isPageView: (h.get(METHOD_HEADER) ?? "GET") === "GET" && !(h.get(PATH_HEADER) ?? "/api").startsWith("/api") && h.get("next-router-prefetch") === null,
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
    fetch: { site: get("sec-fetch-site") ?? null, mode: get("sec-fetch-mode") ?? null, dest: get("sec-fetch-dest") ?? null, origin: get("origin") ?? null },
  };
}
