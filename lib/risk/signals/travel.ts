// Impossible travel: great-circle distance between the last and the current place over time.
export interface Fix { latitude: number; longitude: number; country: string | null; at: Date }

export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const R = 6371.0088;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Travel { distanceKm: number; hours: number; speedKmh: number; impossible: boolean; countryChanged: boolean }

/** City-level GeoIP is coarse: distances under `minKm` never count as impossible travel. */
export function assessTravel(prev: Fix, cur: Fix, maxKmh: number, minKm = 100): Travel {
  const distanceKm = haversineKm(prev, cur);
  // At least one minute: last-seen times are coalesced to a minute.
  const hours = Math.max(cur.at.getTime() - prev.at.getTime(), 60_000) / 3_600_000;
  const speedKmh = distanceKm / hours;
  return {
    distanceKm: Math.round(distanceKm),
    hours: Math.round(hours * 100) / 100,
    speedKmh: Math.round(speedKmh),
    impossible: distanceKm >= minKm && speedKmh > maxKmh,
    countryChanged: Boolean(prev.country && cur.country && prev.country !== cur.country),
  };
}
