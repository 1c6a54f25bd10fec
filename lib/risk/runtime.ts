import "server-only";
// The process's risk engine: validated config, the counter store and the lookups it uses.
import { config } from "@/lib/config";
import { lookupPlace } from "@/lib/geo/lookup";
import { describeClient } from "@/lib/session/store";
import { buildRiskConfig } from "./config";
import { MemoryRiskStore } from "./store";
import type { RiskDeps } from "./engine";

const holder = globalThis as unknown as { __sgRisk?: RiskDeps };

export function riskDeps(): RiskDeps {
  if (!holder.__sgRisk) {
    const c = config();
    holder.__sgRisk = {
      cfg: buildRiskConfig({ json: c.RISK_CONFIG_JSON || undefined, file: c.RISK_CONFIG_FILE || undefined }),
      store: new MemoryRiskStore(),
      appOrigin: new URL(c.APP_URL).origin,
      place: lookupPlace,
      describeUa: (ua, hints) => describeClient(ua, hints),
    };
  }
  return holder.__sgRisk;
}
