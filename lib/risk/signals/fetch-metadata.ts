// Browser fetch metadata (Sec-Fetch-*, Origin). Browsers always send Sec-Fetch-Site on https and
// localhost; scripts replaying a stolen cookie usually do not, and cross-site requests say so.
export interface FetchMeta { site: string | null; mode: string | null; dest: string | null; origin: string | null }

export interface FetchAssessment { missing: boolean; crossSite: boolean }

export function assessFetchMetadata(m: FetchMeta, opts: { startedInBrowser: boolean; stateChanging: boolean; appOrigin: string }): FetchAssessment {
  const missing = opts.startedInBrowser && !m.site;
  const foreignOrigin = opts.stateChanging && m.origin !== null && m.origin !== "null" && m.origin !== opts.appOrigin;
  const crossSite = (m.site === "cross-site" && (opts.stateChanging || m.dest !== "document")) || foreignOrigin;
  return { missing, crossSite };
}
