"use client";
// Step 1: next-auth's Credentials provider checks the password (with its CSRF token) and sets
// the short-lived pending cookie; step 2 happens on /sign-in/mfa.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const res = await signIn("credentials", { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), redirect: false });
      if (!res || res.error) {
        setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "Invalid email or password.");
        setPending(false);
        return;
      }
      router.push("/sign-in/mfa");
    } catch {
      setError("The service is temporarily unavailable. Try again shortly.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert>{error}</Alert>}
      <Field label="Email" id="email" type="email" autoComplete="username" required maxLength={254} />
      <Field label="Password" id="password" type="password" autoComplete="current-password" required maxLength={1024} />
      <Button type="submit" pending={pending}>{pending ? "Checking…" : "Continue"}</Button>
    </form>
  );
}
