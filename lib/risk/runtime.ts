import "server-only";
// The process's risk engine: validated config, the counter store and the lookups it uses.
import { config, riskStoreKind, type Config } from "@/lib/config";
import { riskPool } from "@/lib/db/pg-pool";
import { redis } from "@/lib/db/redis";
import { lookupPlace } from "@/lib/geo/lookup";
import { describeClient } from "@/lib/session/store";
import { buildRiskConfig, type RiskConfig } from "./config";
import { MemoryRiskStore, type RiskStore } from "./store";
import { PostgresRiskStore } from "./store-postgres";
import { RedisRiskStore } from "./store-redis";
import type { RiskDeps } from "./engine";

function storeFor(c: Config, cfg: RiskConfig): RiskStore {
  const kind = riskStoreKind(c);
  if (kind === "redis") {
    const longest = Math.max(cfg.failures.windowSeconds, cfg.navigationWindowSeconds, cfg.challenge.repeatWindowSeconds, 60);
    return new RedisRiskStore(redis(), longest * 1000);
  }
  if (kind === "postgres") return new PostgresRiskStore(riskPool);
  return new MemoryRiskStore();
}

const holder = globalThis as unknown as { __sgRisk?: RiskDeps };

export function riskDeps(): RiskDeps {
  if (!holder.__sgRisk) {
    const c = config();
    const cfg = buildRiskConfig({ json: c.RISK_CONFIG_JSON || undefined, file: c.RISK_CONFIG_FILE || undefined });
    holder.__sgRisk = {
      cfg,
      store: storeFor(c, cfg),
      appOrigin: new URL(c.APP_URL).origin,
      place: lookupPlace,
      describeUa: (ua, hints) => describeClient(ua, hints),
    };
  }
  return holder.__sgRisk;
}
