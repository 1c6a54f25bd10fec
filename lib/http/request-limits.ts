// Limits on what a client may send, checked by server.ts before Next.js sees the request
// (ADR 0012). Next's request handling runs regular expressions over the User-Agent whose cost
// grows with the square of its length, and parses every cookie; a request that no browser would
// send is refused with 431 rather than parsed. Pure: no imports from the app, unit-tested.
import type { IncomingHttpHeaders } from "node:http";

/** Longest header values the app parses. Real browsers send far less (a UA is ~150 bytes). */
export const HEADER_LIMITS = {
  "user-agent": 512,
  // Client hints: the full version list of a Chromium build is ~150 bytes.
  "sec-ch-ua": 256,
  "sec-ch-ua-full-version-list": 256,
  "sec-ch-ua-platform": 64,
  "sec-ch-ua-platform-version": 64,
  "sec-ch-ua-mobile": 8,
  "sec-ch-ua-model": 128,
  "sec-ch-ua-arch": 32,
  "sec-ch-ua-bitness": 8,
  // Sec-Fetch-* values are single tokens ("same-origin", "navigate", "?1").
  "sec-fetch-site": 32,
  "sec-fetch-mode": 32,
  "sec-fetch-dest": 32,
  "sec-fetch-user": 8,
} as const satisfies Record<string, number>;

/** The app sets three cookies; a browser shares the jar with sibling paths, so leave room. */
export const MAX_COOKIES = 50;
export const MAX_COOKIE_HEADER_BYTES = 8 * 1024;

/** Largest request body any route or server action takes (next.config.js serverActions.bodySizeLimit). */
export const MAX_BODY_BYTES = 64 * 1024;

export type HeaderViolation = { status: 431; message: string };

function byteLength(v: string | string[] | undefined): number {
  if (v === undefined) return 0;
  return Array.isArray(v) ? v.reduce((n, s) => n + Buffer.byteLength(s), 0) : Buffer.byteLength(v);
}

/** The first limit the request's headers break, or null. */
export function headerViolation(headers: IncomingHttpHeaders): HeaderViolation | null {
  for (const [name, max] of Object.entries(HEADER_LIMITS)) {
    if (byteLength(headers[name]) > max) return { status: 431, message: `Request header ${name} is longer than ${max} bytes.` };
  }
  const cookie = headers.cookie;
  if (cookie !== undefined) {
    if (byteLength(cookie) > MAX_COOKIE_HEADER_BYTES) return { status: 431, message: `Cookies are larger than ${MAX_COOKIE_HEADER_BYTES} bytes in all. Clear this site's cookies and try again.` };
    // Node joins repeated Cookie headers with "; ", so one count covers both forms.
    let count = 1;
    for (let i = 0; i < cookie.length; i++) if (cookie.charCodeAt(i) === 59 /* ; */) count++;
    if (count > MAX_COOKIES) return { status: 431, message: `More than ${MAX_COOKIES} cookies. Clear this site's cookies and try again.` };
  }
  return null;
}

/** 413 for a declared body over the limit, else null (a chunked body is counted as it arrives). */
export function declaredBodyViolation(headers: IncomingHttpHeaders): 413 | null {
  const len = headers["content-length"];
  return len !== undefined && Number(len) > MAX_BODY_BYTES ? 413 : null;
}

/** What a stream needs for byte counting: Node's HTTP parser hands each body chunk to push(). */
export interface PushedStream {
  push(chunk: unknown, encoding?: BufferEncoding): boolean;
}

/**
 * Counts the body as the HTTP parser delivers it and calls onExceeded once when it passes `max`;
 * later chunks are dropped so nothing past the limit reaches a reader. Works for chunked bodies,
 * whose length nobody declares.
 */
export function countBodyBytes(stream: PushedStream, max: number, onExceeded: () => void): void {
  const push = stream.push.bind(stream);
  let seen = 0;
  let exceeded = false;
  stream.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (exceeded) return false;
    if (chunk !== null && chunk !== undefined) {
      seen += typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : (chunk as Uint8Array).byteLength;
      if (seen > max) {
        exceeded = true;
        onExceeded();
        return false;
      }
    }
    return push(chunk, encoding);
  };
}

/**
 * Holds the whole body (at most `max` bytes) back from readers until it has arrived, then hands
 * it to `onComplete` with `release`, which passes it on unchanged. Past `max`, calls onExceeded
 * once and drops the rest. For server-action posts, whose decoding must be checked before Next's.
 */
export function holdBody(stream: PushedStream, max: number, onExceeded: () => void, onComplete: (body: Buffer, release: () => void) => void): void {
  const push = stream.push.bind(stream);
  const chunks: Buffer[] = [];
  let seen = 0;
  let state: "holding" | "exceeded" | "released" = "holding";
  stream.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (state === "released") return push(chunk, encoding);
    if (state === "exceeded") return false;
    if (chunk === null) {
      const body = Buffer.concat(chunks);
      onComplete(body, () => {
        state = "released";
        stream.push = push;
        if (body.length) push(body);
        push(null);
      });
      return false;
    }
    const buf = typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array);
    seen += buf.length;
    if (seen > max) {
      state = "exceeded";
      chunks.length = 0;
      onExceeded();
      return false;
    }
    chunks.push(buf);
    return true;
  };
}
