// Server actions are public endpoints: anyone can call one by id with any arguments, in any
// number, of any type (React's reply encoding carries strings, numbers, arrays, objects). These
// checks sit at the top of every action; a call that does not match the action's shape is marked
// 400 (lib/http/request-scope.ts) and gets an error state back, never reaching a TypeError (500).
import { markActionEntered, markBadInput } from "./request-scope";

export const BAD_ACTION_INPUT = "This form could not be read. Reload the page and try again.";

const isState = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof FormData);

function verdict(ok: boolean): boolean {
  markActionEntered();
  if (!ok) markBadInput("server action arguments do not parse");
  return ok;
}

/** `(previousState, formData)`: a form bound with useActionState. */
export function isStateFormCall(prev: unknown, form: unknown): form is FormData {
  return verdict(isState(prev) && form instanceof FormData);
}

/** `(previousState)`, posted from a form (which adds its FormData, possibly empty). */
export function isStateCall(prev: unknown, form?: unknown): boolean {
  return verdict(isState(prev) && (form === undefined || form instanceof FormData));
}

/** `(formData)`: a plain `<form action={…}>`. */
export function isFormCall(form: unknown): form is FormData {
  return verdict(form instanceof FormData);
}

/** `()`: nothing, or the FormData of the form that posted it. */
export function isBareCall(form?: unknown): boolean {
  return verdict(form === undefined || form instanceof FormData);
}
