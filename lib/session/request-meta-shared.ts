// Shared by server.ts (outside the Next bundle) and the app: the header that carries the client
// address, and the process-wide mark that server.ts, which sets that header, is in front.
export const CLIENT_IP_HEADER = "x-sg-client-ip";
/** Set by the proxy (overwriting any client copy): Server Components cannot see the URL otherwise. */
export const PATH_HEADER = "x-sg-path";
export const METHOD_HEADER = "x-sg-method";
const SERVER_MARK = Symbol.for("sessionguard.server");

export class UntrustedServerError extends Error {
  constructor() {
    super("SessionGuard must be served by server.ts (npm start / npm run dev); the client address cannot be trusted otherwise");
    this.name = "UntrustedServerError";
  }
}

export function markTrustedServer(): void {
  (globalThis as Record<symbol, unknown>)[SERVER_MARK] = true;
}

export function isTrustedServer(): boolean {
  return (globalThis as Record<symbol, unknown>)[SERVER_MARK] === true;
}
