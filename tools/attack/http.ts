// A raw HTTP client with no cookie jar: what an attacker replaying a stolen cookie uses. It can
// bind a different loopback source address (localAddress) to look like another machine.
import http from "node:http";
import https from "node:https";
import { rootCertificates } from "node:tls";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  setCookies: string[];
  body: string;
  /** Set when the request could not be made (e.g. the source address cannot be bound). */
  error?: string;
}

export interface RawRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
  timeoutMs?: number;
}

const MAX_BODY = 2 * 1024 * 1024;

let trusted: string[] | undefined;
/** `--ca FILE`: also trust this PEM (a test deployment's own certificate); the system roots stay. */
export function trustExtraCa(pem: string): void {
  trusted = [...rootCertificates, pem];
}

/** Loopback hostnames resolve to 127.0.0.1 for raw clients (the browser keeps "localhost"). */
function connectHost(hostname: string): string {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" ? "127.0.0.1" : h;
}

export function rawRequest(base: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path, base);
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const r = lib.request(
      {
        host: connectHost(url.hostname),
        port: url.port || (url.protocol === "https:" ? 443 : 80),
        path: url.pathname + url.search,
        method: req.method ?? "GET",
        headers: { host: url.host, ...req.headers },
        localAddress: req.localAddress,
        agent: false,
        servername: url.hostname,
        ca: trusted,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
        });
        res.on("end", () => {
          const sc = res.headers["set-cookie"];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies: Array.isArray(sc) ? sc : sc ? [sc] : [], body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (e) => resolve({ status: 0, headers: {}, setCookies: [], body: "", error: e.message }));
      },
    );
    r.on("error", (e) => resolve({ status: 0, headers: {}, setCookies: [], body: "", error: e.message }));
    r.setTimeout(req.timeoutMs ?? 20_000, () => r.destroy(new Error(`timeout: ${req.method ?? "GET"} ${req.path}`)));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

export function cookieHeader(name: string, value: string): Record<string, string> {
  return { cookie: `${name}=${value}` };
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || /^127(?:\.\d{1,3}){3}$/.test(h) || h === "::1" || h === "0:0:0:0:0:0:0:1";
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
