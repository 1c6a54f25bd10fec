// A private instance of the BUILT app for specs that must not share the e2e server on 3100:
// one whose database connection they cut (fail-closed.spec.ts) or whose per-IP limits they
// exhaust (request-limits.spec.ts). Same e2e-only secrets as e2e/support/env.ts; its own port
// (35xx), its own database, TRUSTED_PROXIES empty. Started in its own process group and stopped
// by that group's id, with every wait bounded.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { E2E_ENV, REPO_ROOT } from "./env";

export interface OwnServer {
  port: number;
  /** For the browser (Secure cookies are kept on http://localhost). */
  url: string;
  env: NodeJS.ProcessEnv;
  log(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `extra`: settings a spec varies (test hooks, a risk config), applied last. */
export function ownServerEnv(port: number, databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...E2E_ENV, PORT: String(port), APP_URL: url, NEXTAUTH_URL: url, DATABASE_URL: databaseUrl, TRUSTED_PROXIES: "", MIGRATE_ON_START: "true", ...extra };
  delete env.SG_SKIP_MIGRATE;
  return env;
}

export async function startOwnServer(port: number, databaseUrl: string, timeoutMs = 90_000, extra: Record<string, string> = {}): Promise<OwnServer> {
  const env = ownServerEnv(port, databaseUrl, extra);
  const child: ChildProcess = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["server.ts"], { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr?.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  let exited = false;
  child.on("exit", () => (exited = true));
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
    for (let i = 0; i < 100 && !exited; i++) await sleep(100);
    if (!exited) try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server on ${port} exited during start-up:\n${out}`);
    if ((await raw(port, { path: "/sign-in" }).catch(() => null))?.status === 200) {
      return { port, url: `http://localhost:${port}`, env, log: () => out, stop };
    }
    await sleep(300);
  }
  await stop();
  throw new Error(`server on ${port} did not answer within ${timeoutMs} ms:\n${out}`);
}

/**
 * The operator CLI against the same database and secrets as the server. Asynchronous on purpose:
 * a synchronous child would block this process, and with it a TCP proxy the test may be running.
 */
export async function createUser(env: NodeJS.ProcessEnv, email: string, password: string): Promise<{ email: string; password: string; totpSecret: string; lastStep?: number }> {
  const { stdout } = await promisify(execFile)(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/user.ts", "create", "--email", email, "--password", password, "--json"], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
  const line = stdout.split("\n").reverse().find((l) => l.trim().startsWith("{"));
  const j = JSON.parse(line ?? "{}") as { totpSecret?: string };
  if (!j.totpSecret) throw new Error(`user CLI printed no TOTP secret:\n${stdout}`);
  return { email, password, totpSecret: j.totpSecret };
}

export interface RawRes { status: number; headers: http.IncomingHttpHeaders; body: string }

/** One raw HTTP request to 127.0.0.1:port (no cookie jar, no agent), bounded by `timeoutMs`. */
export function raw(port: number, o: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string; timeoutMs?: number }): Promise<RawRes> {
  // A declared length, as browsers send (without it Node would send the body chunked).
  const headers = o.body === undefined ? o.headers : { "content-length": String(Buffer.byteLength(o.body)), ...o.headers };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: o.path, method: o.method ?? "GET", headers, localAddress: o.localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(o.timeoutMs ?? 20_000, () => req.destroy(new Error(`timeout: ${o.method ?? "GET"} ${o.path}`)));
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** Writes `request` bytes verbatim on a TCP socket; resolves with the status line's code (0 if the server just closed). */
export function rawBytes(port: number, request: string | Buffer, timeoutMs = 20_000): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    let buf = "";
    const done = () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf);
      resolve({ status: m ? Number(m[1]) : 0, head: buf.split("\r\n\r\n")[0] ?? "" });
      s.destroy();
    };
    s.setTimeout(timeoutMs, () => { s.destroy(); reject(new Error("timeout waiting for a response")); });
    s.on("data", (c: Buffer) => { buf += c.toString("latin1"); if (buf.includes("\r\n\r\n")) done(); });
    s.on("end", done);
    s.on("error", (e) => (buf ? done() : reject(e)));
    s.write(request);
  });
}
