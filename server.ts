// SessionGuard's HTTP server: Next.js behind a thin layer that decides the client address.
// Next's own server would pass a client-sent X-Forwarded-For through unchanged; here the
// address comes from the socket, or from X-Forwarded-For only as far as TRUSTED_PROXIES vouch
// for it, and every client-sent forwarding header is dropped (ADR 0005).
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import nextEnv from "@next/env";

const { loadEnvConfig } = nextEnv;
import next from "next";
import { ConfigError, loadConfig, type Config } from "./lib/config";
import { migrate } from "./lib/db/migrator";
import { parseTrustedProxies, isTrusted, normalizeIp, type CidrList } from "./lib/session/ip";
import { resolveClientIp } from "./lib/session/client-ip";
import { CLIENT_IP_HEADER, METHOD_HEADER, PATH_HEADER, markTrustedServer } from "./lib/session/request-meta-shared";
import { logger, setLogLevel } from "./lib/log";
import { MAX_BODY_BYTES, countBodyBytes, declaredBodyViolation, headerViolation, holdBody } from "./lib/http/request-limits";
import { actionBodyProblem, mayBeActionPost } from "./lib/http/action-body";
import { runInRequestScope, type RequestScope } from "./lib/http/request-scope";

const dev = process.argv.includes("--dev");
const dir = process.cwd();
loadEnvConfig(dir, dev);

let cfg: Config;
try {
  cfg = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
setLogLevel(cfg.LOG_LEVEL);
if (cfg.SG_TEST_HOOKS) {
  // Unconditional (whatever LOG_LEVEL says): an operator must not miss it.
  console.warn(`\n*** WARNING: TEST HOOKS ARE ON (SG_TEST_HOOKS=true, HOST ${cfg.HOST}) ***\n*** /api/test-hooks/* mints token samples and expires sessions on request. Never in production. ***\n`);
}
let trusted: CidrList;
try {
  trusted = parseTrustedProxies(cfg.TRUSTED_PROXIES);
} catch (err) {
  console.error(`SessionGuard configuration is invalid:\n  - TRUSTED_PROXIES: ${(err as Error).message}`);
  process.exit(1);
}

/** PEM certificate and key when TLS_CERT_FILE/TLS_KEY_FILE are set (both, or neither: lib/config.ts). */
function tlsFiles(c: Config): { cert: Buffer; key: Buffer } | null {
  if (!c.TLS_CERT_FILE) return null;
  const read = (name: "TLS_CERT_FILE" | "TLS_KEY_FILE") => {
    try {
      return readFileSync(c[name]);
    } catch (err) {
      console.error(`SessionGuard configuration is invalid:\n  - ${name}: cannot read ${c[name]} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      process.exit(1);
    }
  };
  return { cert: read("TLS_CERT_FILE"), key: read("TLS_KEY_FILE") };
}
const tls = tlsFiles(cfg);

const port = cfg.PORT;
const host = cfg.HOST;
// next-auth reads its base URL from the environment; derive it from the validated APP_URL.
process.env.NEXTAUTH_URL ??= cfg.APP_URL;

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** Adjusts the request's headers; true when the client reached us over https (TLS here, or at a trusted proxy). */
function prepareHeaders(req: IncomingMessage): boolean {
  const socketIp = req.socket.remoteAddress;
  const clientIp = resolveClientIp({ socketIp, xForwardedFor: req.headers["x-forwarded-for"], trustedProxies: trusted });
  const peerTrusted = socketIp !== undefined && isTrusted(normalizeIp(socketIp) ?? socketIp, trusted);
  if (!peerTrusted) for (const h of FORWARDING_HEADERS) delete req.headers[h];
  // x-sg-* headers are ours (client address, path for the risk engine): never taken from a client.
  for (const h of Object.keys(req.headers)) if (h.startsWith("x-sg-")) delete req.headers[h];
  req.headers[CLIENT_IP_HEADER] = clientIp;
  // Path and method for the risk engine, set here for every request: API routes skip the proxy.
  req.headers[PATH_HEADER] = pathOf(req.url);
  req.headers[METHOD_HEADER] = req.method ?? "GET";
  return tls !== null || (peerTrusted && req.headers["x-forwarded-proto"] === "https");
}

function pathOf(url: string | undefined): string {
  const q = (url ?? "/").indexOf("?");
  return q === -1 ? (url ?? "/") : (url ?? "/").slice(0, q);
}

/**
 * Headers every response carries (and no-store, except build assets), set before Next answers
 * (Next's own values win where it sets them). API routes do not run the proxy (proxy.ts matcher): this is where they get theirs. Pages
 * also get the CSP with its nonce from the proxy.
 */
const BASE_HEADERS: [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "no-referrer"],
  ["x-frame-options", "DENY"],
  ["cross-origin-opener-policy", "same-origin"],
  ["permissions-policy", "camera=(), microphone=(), geolocation=()"],
];
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * The status for what Next is about to send. Code that found the request malformed marked its
 * scope (lib/http/action-args.ts): 200 with the error state rendered, or 500, becomes 400, the
 * body stays. A server-action post that failed before any action was reached failed in Next's
 * decoding of the arguments (e.g. references to parts the body does not have): also 400.
 */
function answerBadInputWith400(res: ServerResponse, scope: RequestScope & { isAction?: boolean }): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    let s = status;
    if (scope.badInput !== undefined && s < 400) s = 400;
    else if (scope.isAction && s >= 500 && !scope.actionEntered) {
      logger.warn("server action request could not be decoded", { status });
      s = 400;
    }
    return writeHead(s, ...rest);
  }) as typeof res.writeHead;
}

/** A plain-text refusal. The connection is closed only when a body may still be on its way (413, or any request that has one). */
function refuse(res: ServerResponse, status: number, message: string): void {
  const req = res.req;
  const hasBody = req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] ?? "0") !== "0";
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...(hasBody || status === 413 ? { connection: "close" } : {}) }).end(message);
}

async function main(): Promise<void> {
  if (cfg.MIGRATE_ON_START) {
    const r = await migrate(cfg.DATABASE_URL);
    if (r.applied.length) logger.info("migrations applied", { applied: r.applied });
  }
  markTrustedServer();
  const app = next({ dev, dir, hostname: host, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const onRequest: RequestListener = (req, res) => {
    let https = false;
    try {
      https = prepareHeaders(req);
    } catch (err) {
      logger.error("could not derive client address", { error: (err as Error).message });
      res.writeHead(400, { "content-type": "text/plain" }).end("Bad request");
      return;
    }
    // Limits before Next parses anything (ADR 0012): oversized headers, declared bodies over the
    // limit, and chunked bodies counted as they arrive. Next itself would answer a large action body with a 500.
    const headers = headerViolation(req.headers);
    if (headers) return refuse(res, headers.status, headers.message);
    if (declaredBodyViolation(req.headers)) return refuse(res, 413, "Payload too large");
    for (const [k, v] of BASE_HEADERS) res.setHeader(k, v);
    // One HSTS rule for every response: the client's own connection was https.
    if (https) res.setHeader("strict-transport-security", HSTS);
    // Build assets have content-hashed names: Next marks them immutable unless told otherwise.
    if (!req.url?.startsWith("/_next/static/")) res.setHeader("cache-control", "no-store");
    const tooLarge = () => {
      if (!res.headersSent) refuse(res, 413, "Payload too large");
      else res.destroy();
    };
    const scope: RequestScope & { isAction?: boolean } = {};
    answerBadInputWith400(res, scope);
    const run = () => runInRequestScope(scope, () => handle(req, res)).catch((err: unknown) => logger.error("request handler failed", { error: err instanceof Error ? err.message : String(err) }));
    if (mayBeActionPost(req.method, req.headers[PATH_HEADER] as string, req.headers)) {
      // Held until complete and checked: a body Next's action decoder would throw on gets a 4xx here.
      holdBody(req, MAX_BODY_BYTES, tooLarge, (body, release) => {
        const fetchStyle = req.headers["next-action"] !== undefined;
        scope.isAction = fetchStyle || body.includes("$ACTION_");
        actionBodyProblem(req.headers["content-type"], body, fetchStyle).then((problem) => {
          if (problem) return refuse(res, problem.status, problem.message);
          release();
          void run();
        }, () => refuse(res, 400, "Bad request"));
      });
      return;
    }
    if (req.headers["transfer-encoding"] !== undefined) countBodyBytes(req, MAX_BODY_BYTES, tooLarge);
    void run();
  };
  // A request must arrive whole within 30 s (Node's default: 5 min), so slow senders cannot hold sockets.
  const options = { maxHeaderSize: 16 * 1024, requestTimeout: 30_000 };
  let server;
  try {
    server = tls ? createHttpsServer({ ...options, ...tls }, onRequest) : createHttpServer(options, onRequest);
  } catch (err) {
    // A malformed PEM, or a key that does not match the certificate.
    console.error(`SessionGuard configuration is invalid:\n  - TLS_CERT_FILE/TLS_KEY_FILE: ${(err as Error).message}`);
    process.exit(1);
  }
  server.listen(port, host, () => logger.info("SessionGuard listening", { url: `${tls ? "https" : "http"}://${host === "127.0.0.1" ? "localhost" : host}:${port}`, dev, database: cfg.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql" }));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error("SessionGuard failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
