import { requireSession, hasFreshAuth } from "@/lib/session/guard";
import { listDevices, type DeviceRow } from "@/lib/session/devices";
import { AccountNav } from "@/components/AccountNav";
import { DeviceIcon } from "@/components/DeviceIcon";
import { Ago, exactTime } from "@/components/time";
import { unreadCount } from "@/lib/notify/alerts";
import { mfaMethodPhrase } from "@/lib/session/mfa-method";
import { BulkButtons, SignOutDeviceButton } from "./DeviceButtons";
import { WasThisYou } from "@/components/WasThisYou";

export const dynamic = "force-dynamic";

function deviceName(d: { browser: string | null; browserMajor: string | null; os: string | null }): string {
  const browser = d.browser ? `${d.browser}${d.browserMajor ? ` ${d.browserMajor}` : ""}` : "Unknown browser";
  return `${browser} on ${d.os ?? "an unknown system"}`;
}

function Row({ d }: { d: DeviceRow }) {
  return (
    <li data-testid="device-row" data-session-id={d.id} className="flex items-start gap-4 py-4">
      <DeviceIcon type={d.deviceType} />
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          <span data-testid="device-name">{deviceName(d)}</span>
          <span className="sr-only"> ({d.deviceType})</span>
          {d.current && <span className="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-800">This device</span>}
          {d.flagged && <span data-testid="risk-badge" className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">Flagged: unusual activity</span>}
        </p>
        <p className="text-sm text-slate-600">
          <span data-testid="device-ip">{d.ip}</span> · {d.place}
        </p>
        <p className="text-sm text-slate-600">
          Signed in <time dateTime={d.createdAt.toISOString()}>{exactTime(d.createdAt)}</time> with <span data-testid="device-mfa-method">{mfaMethodPhrase(d.mfaMethod)}</span> · Last active <Ago at={d.lastSeenAt} />
        </p>
        {d.flagOpen && <WasThisYou sessionId={d.id} from="/account/devices" />}
      </div>
      <SignOutDeviceButton sessionId={d.id} current={d.current} device={deviceName(d)} />
    </li>
  );
}

export default async function DevicesPage() {
  const ctx = await requireSession();
  const [{ active, ended }, unread] = await Promise.all([listDevices(ctx.session.userId, ctx.session.id), unreadCount(ctx.session.userId)]);
  return (
    <div>
      <AccountNav current="/account/devices" unread={unread} />
      <h1 className="mb-1 text-2xl font-semibold">Manage devices</h1>
      <p className="mb-4 text-sm text-slate-600">
        Every place your account is signed in. If you don&apos;t recognise one, sign it out and change your password.
        {!hasFreshAuth(ctx) && " Signing out other devices asks for a fresh authentication code."}
      </p>
      <section aria-labelledby="active-h" className="rounded-xl border border-slate-200 bg-white px-6 shadow-sm">
        <h2 id="active-h" className="sr-only">Signed-in devices</h2>
        <ul className="divide-y divide-slate-200">{active.map((d) => <Row key={d.id} d={d} />)}</ul>
      </section>
      <div className="my-6"><BulkButtons /></div>
      <section aria-labelledby="ended-h">
        <h2 id="ended-h" className="mb-2 text-lg font-semibold">Recently ended</h2>
        {ended.length === 0 ? <p className="text-sm text-slate-600">No sessions ended in the last 30 days.</p> : (
          <ul data-testid="ended-list" className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white px-6 text-sm">
            {ended.map((d) => (
              <li key={d.id} className="flex items-center gap-4 py-3">
                <DeviceIcon type={d.deviceType} />
                <span className="flex-1">{deviceName(d)} · {d.ip} · {d.place}</span>
                <span className="text-slate-700">{d.how}{d.endedAt && <> · <Ago at={d.endedAt} /></>}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="mt-6 text-xs text-slate-500">Locations are approximate. <a className="underline" href="https://db-ip.com">IP Geolocation by DB-IP</a></p>
    </div>
  );
}
