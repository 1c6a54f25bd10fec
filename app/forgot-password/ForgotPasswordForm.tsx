"use client";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { requestReset, type ForgotState } from "./actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ForgotState, FormData>(requestReset, {});
  if (state.done) {
    return <Alert tone="info">{state.message}</Alert>;
  }
  return (
    <form action={action}>
      {state.error && <Alert>{state.error}</Alert>}
      <Field label="Email" id="email" type="email" autoComplete="username" required maxLength={254} autoFocus />
      <Button type="submit" pending={pending}>{pending ? "Sending…" : "Send reset link"}</Button>
    </form>
  );
}
