import { requireAdmin } from "@/lib/session/guard";
import { loadOverview } from "@/lib/admin/overview";
import { AdminNav } from "@/components/admin/AdminNav";
import { FlagsChart } from "@/components/admin/FlagsChart";

export const dynamic = "force-dynamic";

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <p className="text-sm text-slate-600">{label}</p>
      <p data-testid={testId} className="text-2xl font-semibold">{value}</p>
    </div>
  );
}

export default async function AdminOverviewPage() {
  await requireAdmin("/admin");
  const o = await loadOverview();
  return (
    <div>
      <AdminNav current="/admin" />
      <h1 className="mb-4 text-2xl font-semibold">Admin overview</h1>
      <div className="mb-6 grid grid-cols-3 gap-3">
        <Stat label="Active sessions" value={o.activeSessions} testId="stat-active" />
        <Stat label="Open flags" value={o.openFlags} testId="stat-open-flags" />
        <Stat label="Suspensions (24 h)" value={o.suspensions24h} testId="stat-suspensions" />
      </div>
      <section aria-labelledby="chart-h" className="mb-6">
        <h2 id="chart-h" className="mb-2 text-lg font-semibold">Flags per hour by reason (7 days)</h2>
        <FlagsChart buckets={o.flagsPerHour} reasons={o.reasons} />
      </section>
      <div className="grid gap-6 sm:grid-cols-2">
        <section aria-labelledby="countries-h">
          <h2 id="countries-h" className="mb-2 text-lg font-semibold">Sign-ins by country (7 days)</h2>
          <table className="w-full text-sm">
            <thead><tr className="text-left text-slate-600"><th scope="col">Country</th><th scope="col" className="w-1/2"><span className="sr-only">Share</span></th><th scope="col" className="text-right">Sign-ins</th></tr></thead>
            <tbody>
              {o.signInsByCountry.map((c) => (
                <tr key={c.country} className="border-t border-slate-200">
                  <td>{c.country}</td>
                  {/* A bar per country, drawn on the server; the number next to it carries the value. */}
                  <td aria-hidden="true"><div className="h-2 rounded bg-indigo-600" style={{ width: `${Math.max(2, Math.round((c.count / Math.max(1, ...o.signInsByCountry.map((x) => x.count))) * 100))}%` }} /></td>
                  <td className="text-right">{c.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="prefixes-h">
          <h2 id="prefixes-h" className="mb-2 text-lg font-semibold">Top IP prefixes by flags (7 days)</h2>
          <table className="w-full text-sm">
            <thead><tr className="text-left text-slate-600"><th scope="col">Prefix</th><th scope="col" className="text-right">Flags</th></tr></thead>
            <tbody>{o.topPrefixes.map((p) => <tr key={p.prefix} className="border-t border-slate-200"><td className="font-mono">{p.prefix}</td><td className="text-right">{p.count}</td></tr>)}</tbody>
          </table>
        </section>
      </div>
      <section aria-labelledby="fp-h" className="mt-6">
        <h2 id="fp-h" className="mb-2 text-lg font-semibold">False-positive rate per signal (resolved flags, 90 days)</h2>
        {o.falsePositives.length === 0 ? <p className="text-sm text-slate-600">No resolved flags yet.</p> : (
          <table data-testid="fp-table" className="w-full text-sm">
            <thead><tr className="text-left text-slate-600"><th scope="col">Signal</th><th scope="col" className="text-right">Dismissed</th><th scope="col" className="text-right">Resolved</th><th scope="col" className="text-right">Rate</th></tr></thead>
            <tbody>{o.falsePositives.map((f) => (
              <tr key={f.signal} className="border-t border-slate-200"><td className="font-mono">{f.signal}</td><td className="text-right">{f.dismissed}</td><td className="text-right">{f.resolved}</td><td className="text-right">{Math.round(f.rate * 100)}%</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </div>
  );
}
