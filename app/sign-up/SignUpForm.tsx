"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { signUp } from "./actions";

export function SignUpForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
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
      // The password step gives a pending state whose only use is TOTP enrolment.
      const res = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
      if (!res || res.error) {
        setError(res?.error ?? "Account created. Please sign in.");
        setPending(false);
        return;
      }
      router.push("/account/security/totp");
    } catch {
      setError("The service is temporarily unavailable. Try again shortly.");
      setPending(false);
    }
  }

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
