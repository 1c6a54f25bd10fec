"use client";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { setNewPassword, type ResetState } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(setNewPassword, {});
  if (state.done) {
    return (
      <>
        <Alert tone="info">{state.message}</Alert>
        <a className="text-indigo-700 underline" href="/sign-in">Sign in</a>
      </>
    );
  }
  if (state.linkDead) {
    return (
      <>
        <Alert>{state.error}</Alert>
        <a className="text-indigo-700 underline" href="/forgot-password">Request a new link</a>
      </>
    );
  }
  return (
    <form action={action}>
      {state.error && <Alert>{state.error}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Field label="New password" id="password" type="password" autoComplete="new-password" required minLength={8} maxLength={128} aria-describedby="pw-help" autoFocus />
      <p id="pw-help" className="-mt-3 mb-4 text-xs text-slate-500">At least 8 characters; common passwords are refused.</p>
      <Button type="submit" pending={pending}>{pending ? "Saving…" : "Set new password"}</Button>
    </form>
  );
}
