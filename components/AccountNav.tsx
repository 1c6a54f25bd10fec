import Link from "next/link";
import { SignOutButton } from "@/components/SignOutButton";

const LINKS = [
  { href: "/account", label: "Account" },
  { href: "/account/devices", label: "Devices" },
  { href: "/account/activity", label: "Activity" },
  { href: "/account/security/totp", label: "Authenticator" },
];

/** Navigation for signed-in pages. Rendered by each page after its guard (never by a layout). */
export function AccountNav({ current, unread = 0 }: { current: string; unread?: number }) {
  return (
    <nav aria-label="Account" className="mb-6 flex flex-wrap items-center gap-2 border-b border-slate-200 pb-3 text-sm">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l.href === current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 ${l.href === current ? "bg-indigo-50 font-semibold text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`}>
          {l.label}
        </Link>
      ))}
      <Link href="/account/activity#alerts" className="ml-auto rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100" aria-label={unread ? `Security alerts: ${unread} unread` : "Security alerts: none unread"}>
        <span aria-hidden="true">🔔</span>
        {unread > 0 && <span data-testid="unread-count" className="ml-1 rounded-full bg-red-600 px-1.5 text-xs font-bold text-white">{unread}</span>}
      </Link>
      <SignOutButton />
    </nav>
  );
}
