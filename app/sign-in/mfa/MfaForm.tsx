"use client";
import { useActionState, useState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { submitSecondFactor, type MfaState } from "./actions";

export function MfaForm() {
  const [kind, setKind] = useState<"totp" | "recovery">("totp");
  const [state, action, pending] = useActionState<MfaState, FormData>(submitSecondFactor, {});
  return (
    <form action={action}>
      {state.error && <Alert>{state.error}{state.restart && <> <a className="underline" href="/sign-in">Start again</a></>}</Alert>}
      <input type="hidden" name="kind" value={kind} />
      {kind === "totp" ? (
        <Field key="totp" label="Authentication code" id="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={8} required autoFocus />
      ) : (
        <Field key="recovery" label="Recovery code" id="code" autoComplete="off" maxLength={32} required autoFocus />
      )}
      <Button type="submit" pending={pending}>{pending ? "Verifying…" : "Verify"}</Button>
      <button type="button" className="mt-3 text-sm text-indigo-700 underline" onClick={() => setKind(kind === "totp" ? "recovery" : "totp")}>
        {kind === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}
      </button>
    </form>
  );
}
