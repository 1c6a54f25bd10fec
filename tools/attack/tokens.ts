// Token-strength analysis (pure). The per-token estimate is length × log2(alphabet size), where
// the alphabet is the smallest standard one that contains every observed character; positions
// that never change across >= 5 samples contribute nothing. The empirical character-frequency
// check (Shannon entropy with the Miller–Madow correction) is a sanity check for bias only: with
// a handful of samples it cannot prove randomness, which is why 50+ samples are wanted.

const ALPHABETS: { name: string; chars: string }[] = [
  { name: "decimal", chars: "0123456789" },
  { name: "hex (lower)", chars: "0123456789abcdef" },
  { name: "hex (upper)", chars: "0123456789ABCDEF" },
  { name: "base32", chars: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" },
  { name: "alphanumeric", chars: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" },
  { name: "base64url", chars: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" },
  { name: "base64", chars: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=" },
];

export interface TokenAnalysis {
  n: number;
  minLength: number;
  maxLength: number;
  alphabet: string;
  alphabetSize: number;
  /** length × log2(alphabet), over the shortest sample. */
  bitsPerToken: number;
  /** Positions identical in every sample (only counted with >= 5 samples). */
  constantPositions: number;
  /** bitsPerToken minus the constant positions. */
  effectiveBits: number;
  commonPrefix: string;
  duplicates: number;
  /** Pooled Shannon entropy per character (Miller–Madow corrected), or null with too few characters. */
  empiricalBitsPerChar: number | null;
  expectedBitsPerChar: number;
  biased: boolean;
}

export function inferAlphabet(samples: string[]): { name: string; size: number } {
  const seen = new Set(samples.join(""));
  for (const a of ALPHABETS) if ([...seen].every((c) => a.chars.includes(c))) return { name: a.name, size: a.chars.length };
  // Unknown alphabet: the printable ASCII range is the generous upper bound.
  return { name: `other (${seen.size} distinct chars seen)`, size: Math.min(95, Math.max(seen.size, 2)) };
}

export function commonPrefix(samples: string[]): string {
  if (samples.length < 2) return "";
  let p = samples[0] ?? "";
  for (const s of samples) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function analyseTokens(samples: string[]): TokenAnalysis {
  const n = samples.length;
  const lengths = samples.map((s) => s.length);
  const minLength = n ? Math.min(...lengths) : 0;
  const maxLength = n ? Math.max(...lengths) : 0;
  const { name, size } = inferAlphabet(samples);
  const perChar = Math.log2(size);
  // base64 without padding carries whole bytes: 43 chars → 32 bytes → 256 bits (not 258).
  const bits = (chars: number) => (name.startsWith("base64") ? Math.floor((chars * 6) / 8) * 8 : chars * perChar);
  const bitsPerToken = bits(minLength);
  let constantPositions = 0;
  if (n >= 5) {
    for (let i = 0; i < minLength; i++) {
      const c = samples[0]?.[i];
      if (samples.every((s) => s[i] === c)) constantPositions++;
    }
  }
  const effectiveBits = bits(minLength - constantPositions);
  const duplicates = n - new Set(samples).size;
  const pooled = samples.join("");
  let empirical: number | null = null;
  if (pooled.length >= 2 * size && n >= 2) {
    const freq = new Map<string, number>();
    for (const c of pooled) freq.set(c, (freq.get(c) ?? 0) + 1);
    let h = 0;
    for (const k of freq.values()) {
      const p = k / pooled.length;
      h -= p * Math.log2(p);
    }
    empirical = h + (freq.size - 1) / (2 * pooled.length * Math.LN2);
  }
  // Padding characters (base64 "=") make a legitimately random token look biased; ignore them.
  const biased = empirical !== null && !name.startsWith("base64 ") && empirical < 0.9 * perChar;
  return {
    n, minLength, maxLength, alphabet: name, alphabetSize: size,
    bitsPerToken: round(bitsPerToken), constantPositions, effectiveBits: round(effectiveBits),
    commonPrefix: commonPrefix(samples), duplicates,
    empiricalBitsPerChar: empirical === null ? null : round(empirical), expectedBitsPerChar: round(perChar), biased,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function describeAnalysis(label: string, a: TokenAnalysis): string {
  const emp = a.empiricalBitsPerChar === null ? "char-frequency n/a (too few chars)" : `char-frequency ${Math.min(a.empiricalBitsPerChar, a.expectedBitsPerChar).toFixed(2)}/${a.expectedBitsPerChar} bits/char`;
  const len = a.minLength === a.maxLength ? `${a.minLength}` : `${a.minLength}-${a.maxLength}`;
  return `${label}: n=${a.n}, len ${len}, ${a.alphabet} (${a.alphabetSize}), ~${Math.floor(a.effectiveBits)} bits${a.constantPositions ? ` (${a.constantPositions} constant positions)` : ""}, prefix "${a.commonPrefix.slice(0, 12)}", dup ${a.duplicates}, ${emp}`;
}
