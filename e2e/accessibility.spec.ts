// axe-core on the signed-in pages: no serious or critical violations; keyboard reachability.
import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./support/fixtures";
import { createUserViaCli } from "./support/users";
import { signInViaUi } from "./support/ui";

for (const path of ["/account/devices", "/account/activity", "/account", "/sign-in", "/sign-up"]) {
  test(`axe: no serious or critical violations on ${path}`, async ({ page }) => {
    if (path.startsWith("/account")) await signInViaUi(page, createUserViaCli({ tag: "axe" }));
    await page.goto(path);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}

test("keyboard: every device action on /account/devices is reachable with Tab", async ({ page }) => {
  await signInViaUi(page, createUserViaCli({ tag: "kbd" }));
  await page.goto("/account/devices");
  const wanted = new Set(["Sign out", "Sign out all other devices", "Sign out everywhere"]);
  const reached = new Set<string>();
  for (let i = 0; i < 40 && reached.size < wanted.size; i++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? "");
    if (wanted.has(name)) reached.add(name);
  }
  expect([...reached].sort()).toEqual([...wanted].sort());
  // And Enter on the focused "Sign out everywhere" arms the confirmation.
  await page.getByRole("button", { name: "Sign out everywhere" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: /Yes, sign out everywhere/ })).toBeVisible();
});
