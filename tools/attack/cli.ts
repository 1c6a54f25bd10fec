// Hijack simulator CLI: `npm run attack -- --url URL --email E --password P --totp-secret S`
// Signs in through the target's real forms and attacks the session it gets. See docs/simulator.md.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_ADAPTER, loadAdapter } from "./adapter";
import { chromiumPath, spkiPin } from "./browser";
import { isLoopbackHost, trustExtraCa } from "./http";
import { reportCard, reportHtml } from "./report";
import { CHECK_IDS, runSimulation } from "./run";

const USAGE = `usage: npm run attack -- --url URL --email E --password P --totp-secret S
         [--json out.json] [--html out.html] [--second-ip 127.0.0.2] [--strict]
         [--adapter file.json] [--token-samples N] [--allow-remote]
         [--ca cert.pem] [--only check-id,check-id]
Check ids: ${CHECK_IDS.join(", ")}
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
        ca: { type: "string" }, only: { type: "string" },
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
  let only: Set<string> | undefined;
  if (values.only !== undefined) {
    only = new Set(values.only.split(",").map((x) => x.trim()).filter(Boolean));
    const unknown = [...only].filter((x) => !(CHECK_IDS as readonly string[]).includes(x));
    if (unknown.length || only.size === 0) { console.error(`--only: unknown check id(s) ${unknown.join(", ") || "(none given)"}; known: ${CHECK_IDS.join(", ")}`); return 2; }
  }
  // --ca: trust exactly this certificate (a test deployment's own); other bad certificates still fail.
  const spkiPins: string[] = [];
  if (values.ca) {
    let pem: string;
    try { pem = readFileSync(values.ca, "utf8"); spkiPins.push(spkiPin(pem)); } catch (e) { console.error(`--ca ${values.ca}: ${(e as Error).message}`); return 2; }
    trustExtraCa(pem);
  }
  const adapterPath = values.adapter ?? DEFAULT_ADAPTER;
  const adapter = loadAdapter(adapterPath);
  const base = url.origin;
  console.error(`Hijack simulator → ${base} (${adapter.name}); this takes about ${Math.ceil((samples * 15 + 60) / 60)} min (one TOTP step per sign-in).`);
  const report = await runSimulation({
    base, adapter, adapterPath, email: values.email, password: values.password, totpSecret: values["totp-secret"],
    secondIp: values["second-ip"], strict: values.strict, tokenSamples: samples, only, spkiPins,
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
