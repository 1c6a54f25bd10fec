import { test, expect } from "./support/fixtures";
import { apiMeWithToken, sameBrowserHeaders } from "./support/http";
import { sessionCookie, signInViaUi, signOutViaUi } from "./support/ui";
import { createUserViaCli } from "./support/users";

test("a session cookie copied before sign-out is dead after it (server-side sign-out)", async ({ page, context }) => {
  const user = createUserViaCli({ tag: "replay" });
  const { token } = await signInViaUi(page, user);

  // Control: the copied cookie, sent with the browser's own headers, is a working credential.
  const headers = await sameBrowserHeaders(page);
  const before = await apiMeWithToken(token, { headers });
  expect(before.status).toBe(200);
  expect(before.body.userId).toBeTruthy();
  expect(before.body.sessionId).toBeTruthy();
  // API routes skip the proxy; server.ts still gives them the security headers.
  expect(before.raw.headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY" });
  expect(before.raw.headers["cache-control"]).toContain("no-store");

  await signOutViaUi(page);
  expect(await sessionCookie(context), "browser dropped the cookie").toBeUndefined();

  // Replaying it now must fail: the server ended the session, not just the browser's copy.
  const after = await apiMeWithToken(token, { headers });
  expect(after.status).toBe(401);
  expect(after.body).toMatchObject({ error: "unauthenticated", reason: "signed_out" });
  expect(after.raw.headers["cache-control"]).toContain("no-store");

  // And it stays dead (not a one-off rejection).
  const again = await apiMeWithToken(token, { headers });
  expect(again.status).toBe(401);
  expect(again.body.reason).toBe("signed_out");
});
