"use client";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { signUp } from "./actions";

export function SignUpForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const created = await signUp(form);
      if (!created.ok) {
        setError(created.error ?? "We could not create an account with these details.");
        setPending(false);
        return;
      }
      // The same answer for a new and a taken address: the mail says which it was.
      setDone(created.message ?? "Check your mail.");
    } catch {
      setError("The service is temporarily unavailable. Try again shortly.");
      setPending(false);
    }
  }

  if (done) return <div data-testid="sign-up-done"><Alert tone="info">{done}</Alert></div>;
  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert>{error}</Alert>}
      <Field label="Email" id="email" type="email" autoComplete="username" required maxLength={254} />
      <Field label="Password" id="password" type="password" autoComplete="new-password" required minLength={8} maxLength={128} aria-describedby="pw-help" />
      <p id="pw-help" className="-mt-3 mb-4 text-xs text-slate-500">At least 8 characters; common passwords are refused.</p>
      <Button type="submit" pending={pending}>{pending ? "Creating…" : "Create account"}</Button>
    </form>
  );
}
