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
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className="inline-block align-[-3px]">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && <span data-testid="unread-count" className="ml-1 rounded-full bg-red-600 px-1.5 text-xs font-bold text-white">{unread}</span>}
      </Link>
      <SignOutButton />
    </nav>
  );
}
