import Link from "next/link";
import { requireSession } from "@/lib/session/guard";
import { decodeCursor, listActivity } from "@/lib/events/activity";
import { listNotifications, unreadCount } from "@/lib/notify/alerts";
import { AccountNav } from "@/components/AccountNav";
import { Ago, exactTime } from "@/components/time";
import { markAllAlertsRead } from "./actions";
import { WasThisYou } from "@/components/WasThisYou";
import { WAS_THIS_YOU_MESSAGES } from "@/lib/account/was-this-you";

export const dynamic = "force-dynamic";

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session } = await requireSession();
  const { after, answered } = await searchParams;
  const notice = answered === "yes" ? WAS_THIS_YOU_MESSAGES.yes : answered === "no" ? WAS_THIS_YOU_MESSAGES.no : null;
  const cursor = decodeCursor(after);
  const [page, alerts, unread] = await Promise.all([
    listActivity(session.userId, cursor),
    listNotifications(session.userId, { unreadOnly: true, limit: 20 }),
    unreadCount(session.userId),
  ]);
  return (
    <div>
      <AccountNav current="/account/activity" unread={unread} />
      <h1 className="mb-4 text-2xl font-semibold">Security activity</h1>
      {notice && <p role="status" data-testid="was-this-you-answered" className="mb-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-800">{notice}</p>}
      <section id="alerts" aria-labelledby="alerts-h" className="mb-8">
        <h2 id="alerts-h" className="mb-2 text-lg font-semibold">Unread alerts</h2>
        {alerts.length === 0 ? <p className="text-sm text-slate-600">No unread alerts.</p> : (
          <>
            <ul data-testid="alerts" className="mb-3 space-y-2">
              {alerts.map((a) => (
                <li key={a.id} className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm">
                  <p className="font-semibold text-amber-900">{a.title}</p>
                  <p className="whitespace-pre-line text-amber-900">{a.body}</p>
                  <p className="text-xs text-amber-800"><Ago at={a.createdAt} /></p>
                  {a.sessionId && !a.answer && <WasThisYou sessionId={a.sessionId} from="/account/activity" />}
                </li>
              ))}
            </ul>
            <form action={markAllAlertsRead}><button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">Mark all as read</button></form>
          </>
        )}
      </section>
      <section aria-labelledby="log-h">
        <h2 id="log-h" className="mb-2 text-lg font-semibold">Log</h2>
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Security events, newest first</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr><th scope="col" className="px-4 py-2">What</th><th scope="col" className="px-4 py-2">Device</th><th scope="col" className="px-4 py-2">IP</th><th scope="col" className="px-4 py-2">Place</th><th scope="col" className="px-4 py-2">When</th></tr>
            </thead>
            <tbody data-testid="activity-rows">
              {page.items.map((e) => (
                <tr key={e.id} className="border-t border-slate-100">
                  <td className={`px-4 py-2 ${e.warning ? "font-medium text-amber-900" : ""}`}>{e.text}</td>
                  <td className="px-4 py-2">{e.device}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.ip}</td>
                  <td className="px-4 py-2">{e.place}</td>
                  <td className="px-4 py-2"><time dateTime={e.at.toISOString()}>{exactTime(e.at)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
          {cursor && <Link className="text-indigo-700 underline" href="/account/activity">Newest</Link>}
          {page.nextCursor && <Link className="text-indigo-700 underline" href={`/account/activity?after=${page.nextCursor}`}>Older</Link>}
        </nav>
      </section>
    </div>
  );
}
