// Server actions are public endpoints: anyone can call one by id with any arguments, in any
// number, of any type (React's reply encoding carries strings, numbers, arrays, objects). These
// checks sit at the top of every action; a call that does not match the action's shape is marked
// 400 (lib/http/request-scope.ts) and gets an error state back, never reaching a TypeError (500).
// Form fields are checked here once for what no form of ours can send: control characters
// (NUL and friends; tab and line breaks are text), files, and values longer than any field takes.
// Each action declares `...extra: unknown[]` so that a call with more arguments than it takes is
// seen (and refused) too.
import { markActionEntered, markBadInput } from "./request-scope";

export const BAD_ACTION_INPUT = "This form could not be read. Reload the page and try again.";

/** Longer than any field of ours: a PoW payload is at most 2,048 characters, an address 500. */
export const MAX_FIELD_CHARS = 4096;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function isCleanForm(form: FormData): boolean {
  for (const [name, value] of form.entries()) {
    // React's own encoding keys ($ACTION_…) are decoded by Next before we run; skip them.
    if (name.startsWith("$ACTION")) continue;
    if (typeof value !== "string") return false;
    if (value.length > MAX_FIELD_CHARS || CONTROL.test(value) || CONTROL.test(name)) return false;
  }
  return true;
}

const isForm = (v: unknown): v is FormData => v instanceof FormData && isCleanForm(v);

const isState = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof FormData);

function verdict(ok: boolean): boolean {
  markActionEntered();
  if (!ok) markBadInput("server action arguments do not parse");
  return ok;
}

/** `(previousState, formData)`: a form bound with useActionState (React always sends both). */
export function isStateFormCall(prev: unknown, form: unknown, extra: unknown[]): form is FormData {
  return verdict(extra.length === 0 && isState(prev) && isForm(form));
}

/** `(formData)`: a plain `<form action={…}>`, with or without fields of its own. */
export function isFormCall(form: unknown, extra: unknown[]): form is FormData {
  return verdict(extra.length === 0 && isForm(form));
}

/** `(text)`: an action a component calls with one string (e.g. the typed address). */
export function isTextCall(text: unknown, extra: unknown[]): text is string {
  return verdict(extra.length === 0 && typeof text === "string" && text.length <= MAX_FIELD_CHARS && !CONTROL.test(text));
}
