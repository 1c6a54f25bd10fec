"use client";
// The Passkeys card of the Authenticator page: list, add (name → browser ceremony), remove.
import { useActionState, useState } from "react";
import { useRouter } from "next/navigation";
import { startRegistration } from "@simplewebauthn/browser";
import { Alert, Button, Field } from "@/components/ui";
import { finishPasskeyEnrolment, removePasskey, startPasskeyEnrolment, type PasskeyActionState } from "./actions";

export interface PasskeyRow { id: string; name: string; created: string; createdIso: string; lastUsed: string | null; lastUsedIso: string | null; kind: string }

const STEP_UP = "/step-up?next=%2Faccount%2Fsecurity%2Ftotp";

function StateAlert({ state }: { state: PasskeyActionState }) {
  if (state.ok) return <Alert tone="info">{state.ok}</Alert>;
  if (!state.error) return null;
  return <Alert>{state.error}{state.needsStepUp && <> <a className="underline" href={STEP_UP} data-testid="passkey-step-up">Confirm it&apos;s you</a></>}</Alert>;
}

function RemoveForm({ row }: { row: PasskeyRow }) {
  const [state, action, pending] = useActionState<PasskeyActionState, FormData>(removePasskey, {});
  return (
    <form action={action} className="mt-1">
      <StateAlert state={state} />
      <input type="hidden" name="id" value={row.id} />
      <button type="submit" disabled={pending} className="text-sm text-red-700 underline" aria-label={`Remove passkey ${row.name}`}>Remove</button>
    </form>
  );
}

export function PasskeyPanel({ rows }: { rows: PasskeyRow[] }) {
  const router = useRouter();
  const [state, setState] = useState<PasskeyActionState>({});
  const [busy, setBusy] = useState(false);

  async function add(form: FormData) {
    setBusy(true);
    try {
      const start = await startPasskeyEnrolment(new FormData());
      if (!start.options) return setState(start);
      let response: string;
      try {
        response = JSON.stringify(await startRegistration({ optionsJSON: JSON.parse(start.options) }));
      } catch (err) {
        const name = (err as Error).name;
        // excludeCredentials: the authenticator already holds one of this account's passkeys.
        if (name === "InvalidStateError") return setState({ error: "This device or security key already holds a passkey for your account." });
        return setState({ error: `The browser did not create a passkey (${name}).` });
      }
      const fd = new FormData();
      fd.set("name", String(form.get("name") ?? ""));
      fd.set("response", response);
      const done = await finishPasskeyEnrolment(fd);
      setState(done);
      if (done.ok) router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="passkeys">
      {rows.length === 0 ? (
        <p className="mb-3 text-sm text-slate-700">No passkeys yet. A passkey signs you in with this device&apos;s screen lock or a security key, and cannot be phished.</p>
      ) : (
        <ul className="mb-4 divide-y divide-slate-200 text-sm">
          {rows.map((r) => (
            <li key={r.id} data-testid="passkey-row" className="py-2">
              <span className="font-semibold">{r.name}</span> <span className="text-slate-500">({r.kind})</span>
              <div className="text-slate-600">
                Added <time dateTime={r.createdIso}>{r.created}</time> · {r.lastUsed && r.lastUsedIso ? <>Last used <time dateTime={r.lastUsedIso}>{r.lastUsed}</time></> : "Never used"}
              </div>
              <RemoveForm row={r} />
            </li>
          ))}
        </ul>
      )}
      <form action={add}>
        <StateAlert state={state} />
        <Field label="Passkey name" id="passkey-name" name="name" maxLength={60} placeholder="e.g. Work laptop" required />
        <Button type="submit" pending={busy}>{busy ? "Waiting for your device…" : "Add a passkey"}</Button>
      </form>
    </div>
  );
}
