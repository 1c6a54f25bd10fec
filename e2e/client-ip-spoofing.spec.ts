import { test, expect } from "./support/fixtures";
import { readSession } from "./support/db";
import { apiMeWithToken, sameBrowserHeaders } from "./support/http";
import { signInViaUi } from "./support/ui";
import { createUserViaCli } from "./support/users";

const SPOOFED = "198.51.100.99";

test("the recorded client IP comes from the socket; a client-sent X-Forwarded-For is ignored", async ({ page }) => {
  const user = createUserViaCli({ tag: "ip" });
  const { token } = await signInViaUi(page, user);
  await expect(page.getByText(/ from 127\.0\.0\.1$/)).toBeVisible();

  // Same browser (UA + fetch metadata): this spec is about the recorded address, not the risk engine.
  const browser = await sameBrowserHeaders(page);
  const me = await apiMeWithToken(token, { headers: browser });
  expect(me.status).toBe(200);
  const sessionId = me.body.sessionId ?? "";
  expect(readSession(sessionId)).toMatchObject({ ip: "127.0.0.1", lastIp: "127.0.0.1" });

  // A spoofed address in every forwarding header the app might look at.
  const spoofed = await apiMeWithToken(token, {
    headers: { ...browser, "x-forwarded-for": SPOOFED, "x-real-ip": SPOOFED, forwarded: `for=${SPOOFED}`, "x-sg-client-ip": SPOOFED },
  });
  expect(spoofed.status).toBe(200);
  const afterSpoof = readSession(sessionId);
  expect(afterSpoof?.ip).toBe("127.0.0.1");
  expect(afterSpoof?.lastIp).toBe("127.0.0.1");
  expect(JSON.stringify(afterSpoof)).not.toContain(SPOOFED);

  // Control: a request really coming from another address IS recorded (127.0.0.2 is loopback too).
  const fromOther = await apiMeWithToken(token, { localAddress: "127.0.0.2", headers: browser });
  expect(fromOther.status).toBe(200);
  expect(readSession(sessionId)).toMatchObject({ ip: "127.0.0.1", lastIp: "127.0.0.2" });

  // From that address, a spoofed header still does not win.
  const both = await apiMeWithToken(token, { localAddress: "127.0.0.2", headers: { ...browser, "x-forwarded-for": SPOOFED } });
  expect(both.status).toBe(200);
  expect(readSession(sessionId)).toMatchObject({ ip: "127.0.0.1", lastIp: "127.0.0.2" });
});
