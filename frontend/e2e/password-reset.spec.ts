import { expect, test, type BrowserContext } from "@playwright/test";
import { API_URL } from "./api";
import { MAIL_DIR, PASSWORD, WEB_URL, cookie, fromMail, registerViaApi, storePost, uniqueEmail } from "./store";

const NEW_PASSWORD = "Lantern-Veranda-97";
const NEUTRAL = /If this email has a PhoneStore account, a link to choose a new password is on its way/;

/** The newest reset link mailed to `email` by the e2e API (filebased mail backend, see scripts/e2e-stack.sh). */
const mailedLink = (email: string) => fromMail(email, /(\S+\/reset-password\?uid=[\w-]+&token=[\w-]+)/g, /\/reset-password\?uid=/);

async function tokenCookies(context: BrowserContext) {
  return (await context.cookies(WEB_URL)).filter((c) => (c.name === "ps_at" || c.name === "ps_rt") && c.value);
}

test("a forgotten password: the mailed link sets a new one once, sessions end, the old password stops working", async ({ page, context, browser }) => {
  expect(MAIL_DIR, "the e2e API's mail directory (E2E_MAIL_DIR, set by scripts/e2e-stack.sh)").toBeTruthy();
  // The shopper registers on another device, which stays signed in.
  const device = await browser.newContext();
  const devicePage = await device.newPage();
  await devicePage.goto("/");
  const email = await registerViaApi(devicePage, "reset");
  const deviceRefresh = await cookie(device, "ps_rt");
  expect(deviceRefresh).toBeTruthy();
  await device.close();

  // Here, signed out: /login (email and password) → "Forgot your password?" → the email → the neutral answer.
  await page.goto("/login?method=password");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByTestId("forgot-sent")).toHaveText(NEUTRAL);

  // An unknown email gets exactly the same answer.
  const unknown = await storePost(page, "/api/session/password/reset", { email: uniqueEmail("nobody") });
  expect(unknown.status()).toBe(202);
  expect(((await unknown.json()) as { detail: string }).detail).toMatch(NEUTRAL);
  // Cross-site calls are refused like every other state-changing route handler.
  const crossSite = await page.request.post(`${WEB_URL}/api/session/password/reset`, {
    data: { email },
    headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
  });
  expect(crossSite.status()).toBe(403);

  // The link in the mail points at this storefront.
  const link = await mailedLink(email);
  expect(link.startsWith(`${WEB_URL}/reset-password?`)).toBe(true);
  await page.goto(link);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  const form = page.getByTestId("reset-form");

  // A mismatched confirmation is caught in the browser; a weak password gets the API's error at the field.
  await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
  await form.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("error-confirm_password")).toBeVisible();
  await form.getByLabel("New password", { exact: true }).fill("1234567890");
  await form.getByLabel("Confirm new password").fill("1234567890");
  await form.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("error-new_password")).toBeVisible();
  await expect(page.getByTestId("reset-invalid")).toHaveCount(0);

  // The new password.
  await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await form.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("reset-done")).toHaveText("Your password is changed. Sign in with the new one.");

  // Every session of the account ended: the other device's refresh token is refused.
  const refreshed = await fetch(`${API_URL}/api/auth/token/refresh/`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify({ refresh: deviceRefresh }),
  });
  expect(refreshed.status).toBe(401);

  // The same link again: it worked once, so it now says so and offers a new one.
  await page.goto(link);
  await form.getByLabel("New password", { exact: true }).fill("Another-Harbour-31");
  await form.getByLabel("Confirm new password").fill("Another-Harbour-31");
  await form.getByRole("button", { name: "Set new password" }).click();
  const invalid = page.getByTestId("reset-invalid");
  await expect(invalid).toContainText("not valid or has expired");
  await expect(invalid.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
  // Without uid and token the page says the same without a form.
  await page.goto("/reset-password");
  await expect(page.getByTestId("reset-invalid")).toBeVisible();
  await expect(page.getByTestId("reset-form")).toHaveCount(0);

  // Signing in on /login: the old password is refused, the new one works.
  await page.goto("/login?method=password");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  expect(await tokenCookies(context)).toHaveLength(0);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-link")).toHaveText("Account");
  expect(await tokenCookies(context)).toHaveLength(2);
});

test("the success screen leads to sign-in, and a signed-in browser's own session ends with the reset", async ({ page, context }) => {
  expect(MAIL_DIR, "the e2e API's mail directory (E2E_MAIL_DIR, set by scripts/e2e-stack.sh)").toBeTruthy();
  await page.goto("/");
  const email = await registerViaApi(page, "reset-here");
  expect(await tokenCookies(context)).toHaveLength(2);
  // Asked for from this signed-in browser (without using the session: no sign-in in between voids the link).
  expect((await storePost(page, "/api/session/password/reset", { email })).status()).toBe(202);
  await page.goto(await mailedLink(email));
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("reset-done")).toBeVisible();
  // The API ended this session too, so its cookies are gone and /login does not bounce to /account.
  expect(await tokenCookies(context)).toHaveLength(0);
  await page.getByTestId("reset-signin").click();
  await expect(page).toHaveURL(/\/login\?method=password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
});
