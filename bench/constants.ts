// Shared by the seeder and the load driver: the session is issued to the same address and
// User-Agent the load comes from, so nothing about the requests differs from the sign-in.
export const BENCH_IP = "127.0.0.1";
export const BENCH_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** Fixed, bench-only secrets (never used anywhere else). */
export const BENCH_AUTH_SECRET = "bench-only-auth-secret-q8w7e6r5t4y3u2i1o0p9a8s7";
export const BENCH_TOTP_KEY = "3c9f1a7e5b2d8c4f6a0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a";
/** What issue 12 measured: a 12 KB User-Agent made GET /sign-in cost ~1 s of CPU inside Next. */
export const HOSTILE_UA = `Mozilla/5.0 ${"a".repeat(12 * 1024)}`;
