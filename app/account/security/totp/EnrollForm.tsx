"use client";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { confirmTotp, finishEnrollment, type EnrollState } from "./actions";

function ContinueForm({ note }: { note?: string }) {
  const [state, action, pending] = useActionState<EnrollState, FormData>(finishEnrollment, {});
  return (
    <form action={action}>
      {note && <Alert tone="info">{note}</Alert>}
      {state.error && <Alert>{state.error}{state.restart && <> <a className="underline" href="/sign-in">Sign in again</a></>}</Alert>}
      <Button type="submit" pending={pending}>I have saved my recovery codes — continue</Button>
    </form>
  );
}

export function EnrollForm({ alreadyConfirmed = false }: { alreadyConfirmed?: boolean }) {
  const [state, action, pending] = useActionState<EnrollState, FormData>(confirmTotp, {});
  if (alreadyConfirmed) return <ContinueForm note="Your authenticator app is set up. Continue to sign in." />;
  if (state.recoveryCodes) {
    return (
      <div>
        <Alert tone="info">Your authenticator app is set up.</Alert>
        <h2 className="mb-2 font-semibold">Recovery codes</h2>
        <p className="mb-2 text-sm text-slate-700">Each code works once if you lose your phone. Store them somewhere safe: they will not be shown again.</p>
        <ul data-testid="recovery-codes" className="mb-4 grid grid-cols-2 gap-2 rounded-md bg-slate-100 p-3 font-mono text-sm">
          {state.recoveryCodes.map((c) => <li key={c}>{c}</li>)}
        </ul>
        <ContinueForm />
      </div>
    );
  }
  return (
    <form action={action}>
      {state.error && <Alert>{state.error}{state.restart && <> <a className="underline" href="/sign-in">Sign in again</a></>}</Alert>}
      <Field label="Authentication code" id="code" inputMode="numeric" autoComplete="one-time-code" maxLength={8} required />
      <Button type="submit" pending={pending}>{pending ? "Verifying…" : "Verify and finish"}</Button>
    </form>
  );
}
