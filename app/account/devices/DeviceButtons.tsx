"use client";
import { useActionState, useState } from "react";
import { signOutDevice, signOutEverywhere, signOutOtherDevices, type DeviceActionState } from "./actions";

function Feedback({ state }: { state: DeviceActionState }) {
  if (state.needsStepUp) {
    return (
      <p role="alert" className="mt-2 text-sm text-amber-800">
        {state.error} <a className="font-medium underline" href="/step-up?next=%2Faccount%2Fdevices">Confirm with your code</a>
      </p>
    );
  }
  if (state.error) return <p role="alert" className="mt-2 text-sm text-red-700">{state.error}</p>;
  if (state.done) return <p role="status" className="mt-2 text-sm text-green-800">{state.done}</p>;
  return null;
}

/** Two-step button: the first press asks to confirm, the second submits. */
function Confirmable({ label, confirmLabel, danger, action, hidden }: {
  label: string; confirmLabel: string; danger?: boolean; hidden?: Record<string, string>;
  action: (prev: DeviceActionState, form: FormData) => Promise<DeviceActionState>;
}) {
  const [armed, setArmed] = useState(false);
  const [state, formAction, pending] = useActionState<DeviceActionState, FormData>(action, {});
  const cls = danger ? "border-red-300 text-red-800 hover:bg-red-50" : "border-slate-300 text-slate-800 hover:bg-slate-100";
  return (
    <form action={formAction} onSubmit={() => setArmed(false)}>
      {Object.entries(hidden ?? {}).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {armed ? (
        <span className="inline-flex gap-2">
          <button type="submit" disabled={pending} className={`rounded-md border px-3 py-1.5 text-sm font-semibold ${cls}`}>{confirmLabel}</button>
          <button type="button" onClick={() => setArmed(false)} className="rounded-md px-3 py-1.5 text-sm text-slate-600 underline">Cancel</button>
        </span>
      ) : (
        <button type="button" onClick={() => setArmed(true)} className={`rounded-md border px-3 py-1.5 text-sm ${cls}`}>{label}</button>
      )}
      <Feedback state={state} />
    </form>
  );
}

export function SignOutDeviceButton({ sessionId, current, device }: { sessionId: string; current: boolean; device: string }) {
  return <Confirmable label="Sign out" confirmLabel={current ? "Sign out of this device" : `Sign out ${device}`} action={signOutDevice} hidden={{ sessionId }} />;
}

export function BulkButtons() {
  return (
    <div className="flex flex-wrap gap-3">
      <Confirmable label="Sign out all other devices" confirmLabel="Yes, sign out all other devices" action={signOutOtherDevices} />
      <Confirmable label="Sign out everywhere" confirmLabel="Yes, sign out everywhere (including here)" danger action={signOutEverywhere} />
    </div>
  );
}
