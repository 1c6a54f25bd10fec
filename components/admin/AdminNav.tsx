import Link from "next/link";
import { SignOutButton } from "@/components/SignOutButton";

const LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/flags", label: "Flagged sessions" },
  { href: "/admin/audit", label: "Audit log" },
];

/** Navigation for admin pages. Rendered by each page after requireAdmin (never by a layout). */
export function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="Admin" className="mb-6 flex flex-wrap items-center gap-2 border-b border-slate-200 pb-3 text-sm">
      <span className="mr-2 rounded bg-slate-800 px-2 py-0.5 text-xs font-bold uppercase tracking-wide text-white">Admin</span>
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l.href === current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 ${l.href === current ? "bg-indigo-50 font-semibold text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`}>
          {l.label}
        </Link>
      ))}
      <Link href="/account" className="ml-auto rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">My account</Link>
      <SignOutButton />
    </nav>
  );
}
