// A raw HTTP client (no browser, no cookie jar): what an attacker replaying a stolen cookie uses.
import http from "node:http";
import { E2E_PORT, E2E_RAW_HOST } from "./env";
import { SESSION_COOKIE } from "./constants";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export function rawRequest(opts: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: E2E_RAW_HOST,
        port: E2E_PORT,
        path: opts.path,
        method: opts.method ?? "GET",
        headers: opts.headers,
        localAddress: opts.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json<T>() {
              return JSON.parse(body) as T;
            },
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${opts.method ?? "GET"} ${opts.path}`)));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export type MeResponse = { userId?: string; role?: string; sessionId?: string; error?: string; reason?: string; message?: string };

/** GET /api/me presenting only `token` as the session cookie. */
export async function apiMeWithToken(token: string, extra: { headers?: Record<string, string>; localAddress?: string } = {}) {
  const res = await rawRequest({ path: "/api/me", headers: { cookie: `${SESSION_COOKIE}=${token}`, ...extra.headers }, localAddress: extra.localAddress });
  return { status: res.status, body: res.json<MeResponse>(), raw: res };
}

/**
 * Headers that make a raw request look like the signed-in browser's own fetch (same User-Agent,
 * browser fetch metadata). For tests about revocation or IP recording, not about the risk engine:
 * without them the engine rightly treats a cookie replayed by another client as suspicious.
 */
export async function sameBrowserHeaders(page: { evaluate<T>(fn: () => T): Promise<T> }): Promise<Record<string, string>> {
  const ua = await page.evaluate(() => navigator.userAgent);
  return { "user-agent": ua, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };
}

/**
 * Context options for a spoofed non-Chromium User-Agent: Chromium would still send its own
 * Sec-CH-UA client hints, which contradict the spoofed UA (the risk engine's hintsDisagree signal,
 * enough for the sensitive policy to ask for a code). Firefox and Safari send no client hints;
 * the blank values make the test browser look like one.
 */
export function spoofedBrowser(userAgent: string): { userAgent: string; extraHTTPHeaders: Record<string, string> } {
  return { userAgent, extraHTTPHeaders: { "sec-ch-ua": "", "sec-ch-ua-mobile": "", "sec-ch-ua-platform": "" } };
}
