// Fail closed: when the session store cannot answer, validation throws (→ 503), never "valid".
import { afterEach, describe, expect, it } from "vitest";
import { createDb, db, setDbForTests, type Db } from "@/lib/db/client";
import { createSession } from "@/lib/session/store";
import { SessionStoreUnavailableError, validateSessionToken } from "@/lib/session/validate";
import { makeUser, meta } from "../support/fixtures";

let real: Db | undefined;
afterEach(() => {
  if (real) setDbForTests(real);
  real = undefined;
});

describe("session store unreachable", () => {
  it("a valid token is not treated as signed in when the database is down", async () => {
    const u = await makeUser();
    const issued = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    expect((await validateSessionToken(issued.token, meta())).ok).toBe(true);

    real = db();
    // Nothing listens on port 1: every query fails to connect.
    const dead = createDb("postgresql://postgres@127.0.0.1:1/unreachable");
    setDbForTests(dead);
    await expect(validateSessionToken(issued.token, meta())).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    await dead.$disconnect().catch(() => undefined);

    // When the database is back, the same session works again: nothing was lost.
    setDbForTests(real);
    expect((await validateSessionToken(issued.token, meta())).ok).toBe(true);
  });
});
