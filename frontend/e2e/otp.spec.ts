import { expect, test } from "@playwright/test";
import { MAIL_DIR, fromMail, registerViaApi, storePost } from "./store";

/** The newest sign-in code mailed to `email` by the e2e API (filebased mail backend, see scripts/e2e-stack.sh). */
const mailedCode = (email: string) => fromMail(email, /sign-in code is (\d{6})/g, /^\d{6}$/);

test("a shopper with one-time codes on signs in with the mailed code; a wrong code is refused", async ({ page, context }) => {
  expect(MAIL_DIR, "the e2e API's mail directory (E2E_MAIL_DIR, set by scripts/e2e-stack.sh)").toBeTruthy();
  await page.goto("/");
  const email = await registerViaApi(page, "otp");

  // Turn one-time codes on from the account page, then sign out.
  await page.goto("/account");
  await page.getByTestId("otp-enabled").check();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("profile-form").getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("otp-enabled")).toBeChecked();
  expect((await storePost(page, "/api/session/logout", {})).status()).toBe(204);

  await page.goto("/login");
  await page.getByTestId("signin-email-code").click();
  await expect(page).toHaveURL(/method=code/);
  await expect(page.getByTestId("otp-request-form")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await expect(page.getByTestId("otp-sent")).toBeVisible();
  const code = await mailedCode(email);

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  await page.getByLabel("6-digit code").fill(wrong);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  expect((await context.cookies()).filter((c) => c.name === "ps_at" || c.name === "ps_rt")).toHaveLength(0);

  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-link")).toHaveText("Account");
  const tokens = (await context.cookies()).filter((c) => c.name === "ps_at" || c.name === "ps_rt");
  expect(tokens).toHaveLength(2);
  for (const t of tokens) expect(t.httpOnly).toBe(true);
});
