"use client";
// The "Authentication code" / "Recovery code" form used by sign-in and step-up.
import { useActionState, useState } from "react";
import { Alert, Button, Field } from "@/components/ui";

export type CodeFormState = { error?: string; restart?: boolean };

export function CodeForm({
  action: serverAction,
  submitLabel,
  hidden = {},
}: {
  action: (prev: CodeFormState, form: FormData) => Promise<CodeFormState>;
  submitLabel: string;
  hidden?: Record<string, string>;
}) {
  const [kind, setKind] = useState<"totp" | "recovery">("totp");
  const [state, action, pending] = useActionState<CodeFormState, FormData>(serverAction, {});
  return (
    <form action={action}>
      {state.error && <Alert>{state.error}{state.restart && <> <a className="underline" href="/sign-in">Start again</a></>}</Alert>}
      <input type="hidden" name="kind" value={kind} />
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {kind === "totp" ? (
        <Field key="totp" label="Authentication code" id="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={8} required autoFocus />
      ) : (
        <Field key="recovery" label="Recovery code" id="code" autoComplete="off" maxLength={32} required autoFocus />
      )}
      <Button type="submit" pending={pending}>{pending ? "Verifying…" : submitLabel}</Button>
      <button type="button" className="mt-3 text-sm text-indigo-700 underline" onClick={() => setKind(kind === "totp" ? "recovery" : "totp")}>
        {kind === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}
      </button>
    </form>
  );
}
