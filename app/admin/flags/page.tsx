import Link from "next/link";
import { requireAdmin } from "@/lib/session/guard";
import { decodeQueueCursor, listFlagQueue, parseQueueFilters, QUEUE_RANGES, QUEUE_STATUSES } from "@/lib/admin/queue";
import { AdminNav } from "@/components/admin/AdminNav";
import { Ago } from "@/components/time";

export const dynamic = "force-dynamic";

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function FlagQueuePage({ searchParams }: { searchParams: SP }) {
  await requireAdmin("/admin/flags");
  const sp = await searchParams;
  const filters = parseQueueFilters(sp);
  const { rows, nextCursor } = await listFlagQueue(filters, decodeQueueCursor(sp.cursor));
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...extra } as Record<string, string>).toString();
  const input = "rounded-md border border-slate-400 px-2 py-1 text-sm";
  return (
    <div>
      <AdminNav current="/admin/flags" />
      <h1 className="mb-4 text-2xl font-semibold">Flagged sessions</h1>
      <form method="get" role="search" aria-label="Filter flagged sessions" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
        <div><label htmlFor="q" className="block text-xs font-medium text-slate-700">Email or IP / prefix</label><input id="q" name="q" defaultValue={filters.q ?? ""} className={input} /></div>
        <div><label htmlFor="reason" className="block text-xs font-medium text-slate-700">Reason contains</label><input id="reason" name="reason" defaultValue={filters.reason ?? ""} className={input} /></div>
        <div><label htmlFor="status" className="block text-xs font-medium text-slate-700">Status</label>
          <select id="status" name="status" defaultValue={filters.status ?? ""} className={input}><option value="">Any</option>{QUEUE_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}</select></div>
        <div><label htmlFor="range" className="block text-xs font-medium text-slate-700">Flagged within</label>
          <select id="range" name="range" defaultValue={filters.range ?? ""} className={input}><option value="">Any time</option>{Object.keys(QUEUE_RANGES).map((r) => <option key={r} value={r}>{r}</option>)}</select></div>
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-semibold text-white">Filter</button>
      </form>
      {rows.length === 0 ? <p className="text-sm text-slate-600">No open flags match.</p> : (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Open flags, highest risk first">
          <table data-testid="flag-queue" className="w-full text-sm">
            <thead><tr className="text-left text-slate-600">
              <th scope="col" className="pr-2">Score</th><th scope="col" className="pr-2">User</th><th scope="col" className="pr-2">Device</th><th scope="col" className="pr-2">IP · place</th><th scope="col" className="pr-2">Reason</th><th scope="col" className="pr-2">Status</th><th scope="col">Age</th>
            </tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="flag-row" data-session-id={r.id} className="border-t border-slate-200 align-top">
                  <td className="py-2 pr-2 font-semibold">{r.riskScore}</td>
                  <td className="py-2 pr-2"><Link className="text-indigo-800 underline" href={`/admin/sessions/${r.id}`}>{r.email}</Link></td>
                  <td className="py-2 pr-2">{r.device}<span data-testid="flag-ua" className="block max-w-48 truncate text-xs text-slate-600" title={r.userAgent}>{r.userAgent}</span></td>
                  <td className="py-2 pr-2"><span className="font-mono">{r.ip}</span><span className="block text-xs text-slate-600">{r.place}</span></td>
                  <td className="py-2 pr-2" data-testid="flag-reason">{r.reason}</td>
                  <td className="py-2 pr-2">{r.status}</td>
                  <td className="py-2">{r.flaggedAt ? <Ago at={r.flaggedAt} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-4 flex gap-4 text-sm">
        {sp.cursor && <Link className="underline" href={`/admin/flags?${qs({})}`}>First page</Link>}
        {nextCursor && <Link className="underline" href={`/admin/flags?${qs({ cursor: nextCursor })}`}>Next page</Link>}
      </p>
    </div>
  );
}
