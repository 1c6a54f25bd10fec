// Fail closed: when the session store cannot answer, protected pages land here (503) and
// nobody is treated as signed in.
export const dynamic = "force-dynamic";

export function GET(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · SessionGuard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>Temporarily unavailable</h1><p>We cannot verify sessions right now, so nobody is signed in. Please try again in a moment.</p>
<p><a href="/account">Try again</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "retry-after": "5", "cache-control": "no-store" } });
}
