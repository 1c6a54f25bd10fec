import { describe, expect, it } from "vitest";
import { MAX_FIELD_CHARS, isFormCall, isStateFormCall, isTextCall } from "./action-args";
import { runInRequestScope, type RequestScope } from "./request-scope";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

function judged(fn: () => boolean): { ok: boolean; scope: RequestScope } {
  const scope: RequestScope = {};
  const ok = runInRequestScope(scope, fn);
  return { ok, scope };
}

describe("server action argument checks", () => {
  it("accept the shapes React sends, and mark the action as reached", () => {
    for (const fn of [
      () => isStateFormCall({}, form({ email: "a@example.com", address: "1 Main St\r\nTown\tX" }), []),
      () => isStateFormCall({}, form({}), []), () => isFormCall(form({ a: "b" }), []), () => isFormCall(form({}), []),
      () => isTextCall("a@example.com", []),
    ]) {
      const r = judged(fn);
      expect(r.ok).toBe(true);
      expect(r.scope).toEqual({ actionEntered: true });
    }
  });

  it("refuse wrong counts, types and hostile fields, marking the request as bad input", () => {
    const bad: (() => boolean)[] = [
      () => isStateFormCall(undefined, undefined, []), () => isStateFormCall({}, "x", []), () => isStateFormCall(form({}), undefined, []),
      () => isStateFormCall([], form({}), []), () => isStateFormCall(null, form({}), []), () => isStateFormCall({}, undefined, []), () => isStateFormCall({}, 5, []),
      () => isFormCall({}, []), () => isFormCall(undefined, []), () => isFormCall("x", []),
      () => isFormCall(form({}), [{}]), () => isStateFormCall({}, form({}), ["extra"]),
      () => isTextCall(5, []), () => isTextCall("a\u0000", []), () => isTextCall("a", ["b"]), () => isTextCall(form({}), []),
      () => isStateFormCall({}, form({ email: "a\u0000@example.com" }), []),
      () => isStateFormCall({}, form({ email: "a\u001b[2J" }), []),
      () => isStateFormCall({}, form({ note: "a".repeat(MAX_FIELD_CHARS + 1) }), []),
      () => { const f = new FormData(); f.append("file", new Blob(["x"])); return isFormCall(f, []); },
    ];
    for (const fn of bad) {
      const r = judged(fn);
      expect(r.ok).toBe(false);
      expect(r.scope.badInput).toBe("server action arguments do not parse");
    }
  });
});
