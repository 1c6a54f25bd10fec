"use client";
import { startTransition, useActionState, useRef, useState } from "react";
import { startAuthentication } from "@simplewebauthn/browser";
import { startPasskeyStepUp } from "@/app/step-up/actions";
import { Field } from "@/components/ui";
import { saveEmail, savePassword, saveShippingAddress, type AccountFormState } from "./actions";

function Result({ state }: { state: AccountFormState }) {
  if (state.needsStepUp) return <p role="alert" className="mt-2 text-sm text-amber-800">{state.error} <a className="font-medium underline" href="/step-up?next=%2Faccount">Confirm with your code</a></p>;
  if (state.error) return <p role="alert" className="mt-2 text-sm text-red-700">{state.error}</p>;
  if (state.ok) return <p role="status" className="mt-2 text-sm text-green-800">{state.ok}</p>;
  return null;
}

const box = "rounded-xl border border-slate-200 bg-white p-6 shadow-sm";
const btn = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

function PasswordConfirm({ fresh, id }: { fresh: boolean; id: string }) {
  return fresh
    ? <p className="mb-3 text-xs text-slate-500">You entered a code a moment ago, so no password is needed.</p>
    : <Field label="Current password" id={id} type="password" autoComplete="current-password" maxLength={1024} required />;
}

export function ShippingForm({ address, fresh }: { address: string | null; fresh: boolean }) {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(saveShippingAddress, {});
  return (
    <form action={action} className={box}>
      <h2 className="mb-3 text-lg font-semibold">Delivery</h2>
      <label htmlFor="address" className="mb-1 block text-sm font-medium text-slate-700">Shipping address</label>
      <textarea id="address" name="address" rows={3} maxLength={500} defaultValue={address ?? ""} required className="mb-4 w-full rounded-md border border-slate-300 px-3 py-2" />
      <PasswordConfirm fresh={fresh} id="password" />
      <button type="submit" disabled={pending} className={btn}>Save address</button>
      <Result state={state} />
    </form>
  );
}

export function EmailForm({ hasPasskey = false }: { hasPasskey?: boolean }) {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(saveEmail, {});
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The passkey alternative to the code: a challenge bound to this session, then the same action.
  async function withPasskey() {
    setPasskeyError(null);
    const email = new FormData(formRef.current ?? undefined).get("email");
    if (typeof email !== "string" || !email.trim()) return setPasskeyError("Enter the new email address first.");
    const start = await startPasskeyStepUp(new FormData());
    if (!start.options) return setPasskeyError(start.error ?? "No passkey available.");
    let response: string;
    try {
      response = JSON.stringify(await startAuthentication({ optionsJSON: JSON.parse(start.options) }));
    } catch (err) {
      return setPasskeyError(`No passkey was used (${(err as Error).name}).`);
    }
    const fd = new FormData();
    fd.set("email", email);
    fd.set("kind", "passkey");
    fd.set("response", response);
    startTransition(() => action(fd));
  }
  return (
    <form ref={formRef} action={action} className={box}>
      <h2 className="mb-3 text-lg font-semibold">Change email</h2>
      <Field label="New email" id="email" type="email" autoComplete="email" maxLength={254} required />
      <input type="hidden" name="kind" value="totp" />
      <Field label="Authentication code" id="email-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={64} required />
      <p className="mb-3 text-xs text-slate-500">An email change always needs a code from your authenticator app{hasPasskey ? " or your passkey" : ""}, and the new address must confirm it. We tell your current address at once.</p>
      <button type="submit" disabled={pending} className={btn}>Change email</button>
      {hasPasskey && <button type="button" disabled={pending} onClick={withPasskey} className={`${btn} ml-2`}>Change email with your passkey</button>}
      {passkeyError && <p role="alert" className="mt-2 text-sm text-red-700">{passkeyError}</p>}
      <Result state={state} />
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(savePassword, {});
  return (
    <form action={action} className={box}>
      <h2 className="mb-3 text-lg font-semibold">Change password</h2>
      <Field label="Current password" id="current" type="password" autoComplete="current-password" maxLength={1024} required />
      <Field label="New password" id="new" type="password" autoComplete="new-password" minLength={8} maxLength={128} required />
      <label className="mb-4 flex items-center gap-2 text-sm"><input type="checkbox" name="signOutOthers" defaultChecked /> Sign out my other devices</label>
      <button type="submit" disabled={pending} className={btn}>Change password</button>
      <Result state={state} />
    </form>
  );
}
