// A small pictogram per device type; the text label carries the meaning for screen readers.
const PATHS: Record<string, string> = {
  desktop: "M3 4h18v12H3z M8 20h8 M12 16v4",
  mobile: "M7 2h10v20H7z M11 18h2",
  tablet: "M4 3h16v18H4z M11 18h2",
  other: "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M12 8v5 M12 16h.01",
};

export function DeviceIcon({ type }: { type: string }) {
  const d = PATHS[type] ?? PATHS.other;
  return (
    <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="shrink-0 text-slate-500">
      <path d={d} />
    </svg>
  );
}
