// Relative time with the exact UTC time on hover (and for screen readers via dateTime).
export function exactTime(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export function relativeTime(d: Date, now = new Date()): string {
  const s = Math.round((now.getTime() - d.getTime()) / 1000);
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.round(h / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

export function Ago({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()} title={exactTime(at)}>{relativeTime(at)}</time>;
}
