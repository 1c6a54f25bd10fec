// Report card (text), JSON and a self-contained HTML page.
import type { CheckResult, Report } from "./types";

export function cardLine(r: CheckResult): string {
  return `${r.status.padEnd(4)}  ${r.name}  ${r.evidence}${r.fix ? `  → ${r.fix}` : ""}`;
}

export function reportCard(rep: Report): string {
  const lines = [`Hijack simulator — ${rep.target} — adapter ${rep.adapter}${rep.strict ? " — strict" : ""}`, ...rep.results.map(cardLine)];
  for (const n of rep.notes) lines.push(`note: ${n}`);
  lines.push(`${rep.summary.pass} passed, ${rep.summary.fail} failed, ${rep.summary.warn} warnings`);
  return lines.join("\n");
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function reportHtml(rep: Report): string {
  const rows = rep.results
    .map((r) => `<tr class="${r.status.toLowerCase()}"><td class="st">${r.status}</td><td>${esc(r.name)}</td><td class="ev">${esc(r.evidence)}</td><td>${esc(r.fix)}</td></tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Hijack simulator report — ${esc(rep.target)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#0f172a}
h1{font-size:1.3rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e2e8f0;padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:#f1f5f9}.st{font-weight:700;white-space:nowrap}.ev{font-family:ui-monospace,monospace;font-size:12px;word-break:break-word}
tr.pass .st{color:#166534}tr.fail .st{color:#b91c1c}tr.warn .st{color:#92400e}tr.fail{background:#fef2f2}tr.warn{background:#fffbeb}
.sum{margin:1rem 0;font-weight:600}
</style></head><body>
<h1>Hijack simulator report</h1>
<p>Target <code>${esc(rep.target)}</code> · adapter ${esc(rep.adapter)} · ${esc(rep.startedAt)} → ${esc(rep.finishedAt)}${rep.strict ? " · strict" : ""}</p>
<p class="sum">${rep.summary.pass} passed · ${rep.summary.fail} failed · ${rep.summary.warn} warnings</p>
<table><thead><tr><th>Result</th><th>Check</th><th>Evidence</th><th>Fix</th></tr></thead><tbody>
${rows}
</tbody></table>
${rep.notes.length ? `<ul>${rep.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
