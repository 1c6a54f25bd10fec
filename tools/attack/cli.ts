// Hijack simulator CLI: `npm run attack -- --url URL --email E --password P --totp-secret S`
// Signs in through the target's real forms and attacks the session it gets. See docs/simulator.md.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_ADAPTER, loadAdapter } from "./adapter";
import { chromiumPath } from "./browser";
import { isLoopbackHost } from "./http";
import { reportCard, reportHtml } from "./report";
import { runSimulation } from "./run";

const USAGE = `usage: npm run attack -- --url URL --email E --password P --totp-secret S
         [--json out.json] [--html out.html] [--second-ip 127.0.0.2] [--strict]
         [--adapter file.json] [--token-samples N] [--allow-remote]
Exit code: 0 no FAIL, 1 at least one FAIL, 2 usage or run error.`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: "string" }, email: { type: "string" }, password: { type: "string" }, "totp-secret": { type: "string" },
        json: { type: "string" }, html: { type: "string" }, "second-ip": { type: "string", default: "127.0.0.2" },
        strict: { type: "boolean", default: false }, adapter: { type: "string" }, "token-samples": { type: "string", default: "5" },
        "allow-remote": { type: "boolean", default: false }, help: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) { console.log(USAGE); return 0; }
  if (!values.url || !values.email || !values.password || !values["totp-secret"]) { console.error(USAGE); return 2; }
  let url: URL;
  try { url = new URL(values.url); } catch { console.error(`not a URL: ${values.url}`); return 2; }
  if (!/^https?:$/.test(url.protocol)) { console.error("only http(s) targets"); return 2; }
  if (!isLoopbackHost(url.hostname)) {
    if (!values["allow-remote"]) {
      console.error(`refusing non-loopback target ${url.host}: the simulator attacks what it points at. Pass --allow-remote only for a system you are authorised to test.`);
      return 2;
    }
    console.error(`WARNING: attacking a non-loopback target (${url.host}) because --allow-remote was given. Only do this with authorisation. The second-address checks need a bindable --second-ip.`);
  }
  const samples = Number(values["token-samples"]);
  if (!Number.isInteger(samples) || samples < 4 || samples > 100) { console.error("--token-samples must be an integer 4..100 (each costs one TOTP step)"); return 2; }
  const adapterPath = values.adapter ?? DEFAULT_ADAPTER;
  const adapter = loadAdapter(adapterPath);
  const base = url.origin;
  console.error(`Hijack simulator → ${base} (${adapter.name}); this takes about ${Math.ceil((samples * 15 + 60) / 60)} min (one TOTP step per sign-in).`);
  const report = await runSimulation({
    base, adapter, adapterPath, email: values.email, password: values.password, totpSecret: values["totp-secret"],
    secondIp: values["second-ip"], strict: values.strict, tokenSamples: samples,
    chromium: chromiumPath(process.env),
    log: (m) => console.error(`  · ${m}`),
  });
  console.log(reportCard(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.html) writeFileSync(values.html, reportHtml(report));
  return report.summary.fail > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`simulator error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
