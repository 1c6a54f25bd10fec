// A per-request record shared between server.ts and the code Next.js runs for that request.
// Next bundles lib/ into its own chunks, so the two sides hold different module instances: the
// store lives on globalThis under a registered symbol, which both instances resolve to the same
// AsyncLocalStorage. Its use: code that finds a request malformed marks it, and server.ts answers
// 400 instead of the 200 (error state re-rendered) or 500 Next would send; and a server action
// marks that it was reached, so a 500 before that point is known to be a body Next could not decode.
import { AsyncLocalStorage } from "node:async_hooks";

export type RequestScope = { badInput?: string; actionEntered?: boolean };

const KEY = Symbol.for("sessionguard.request-scope");
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestScope> };
const storage: AsyncLocalStorage<RequestScope> = (holder[KEY] ??= new AsyncLocalStorage<RequestScope>());

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Marks the current request as malformed: server.ts answers it with 400. A no-op outside a request. */
export function markBadInput(reason: string): void {
  const scope = storage.getStore();
  if (scope && scope.badInput === undefined) scope.badInput = reason;
}

/** Called on entry to every server action (lib/http/action-args.ts): decoding is over. */
export function markActionEntered(): void {
  const scope = storage.getStore();
  if (scope) scope.actionEntered = true;
}
