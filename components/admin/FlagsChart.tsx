// Flags per hour over 7 days, stacked by the strongest signal: a server-drawn SVG (no library).
import type { HourBucket } from "@/lib/admin/overview";

const COLORS = ["#4338ca", "#b45309", "#047857", "#be123c", "#0369a1", "#6d28d9", "#4d7c0f", "#334155"];

export function FlagsChart({ buckets, reasons }: { buckets: HourBucket[]; reasons: string[] }) {
  const W = 672, H = 140, pad = 20;
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const bw = W / buckets.length;
  const color = (r: string) => COLORS[Math.max(0, reasons.indexOf(r)) % COLORS.length]!;
  const total = buckets.reduce((n, b) => n + b.total, 0);
  return (
    <figure>
      <svg role="img" aria-labelledby="flags-chart-title" viewBox={`0 0 ${W} ${H + pad}`} className="h-auto w-full rounded border border-slate-200 bg-white">
        <title id="flags-chart-title">{`Flags per hour over the last 7 days: ${total} in total, at most ${max === 1 && total === 0 ? 0 : max} in one hour.`}</title>
        <line x1="0" y1={H} x2={W} y2={H} stroke="#94a3b8" strokeWidth="1" />
        {buckets.map((b, i) => {
          let y = H;
          return (
            <g key={b.hour.getTime()}>
              {Object.entries(b.byReason).map(([r, n]) => {
                const h = (n / max) * (H - 4);
                y -= h;
                return <rect key={r} x={i * bw + 0.5} y={y} width={Math.max(1, bw - 1)} height={h} fill={color(r)} />;
              })}
            </g>
          );
        })}
        {[0, 24, 48, 72, 96, 120, 144].map((i) => (
          <text key={i} x={i * bw + 2} y={H + 14} fontSize="10" fill="#334155">{buckets[i]?.hour.toISOString().slice(5, 10)}</text>
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-3 text-xs text-slate-700">
        {reasons.length === 0 ? "No flags in the last 7 days." : reasons.map((r) => (
          <span key={r} className="inline-flex items-center gap-1"><span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: color(r) }} />{r}</span>
        ))}
      </figcaption>
    </figure>
  );
}
