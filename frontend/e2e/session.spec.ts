import { expect, test } from "@playwright/test";
import type { TokenPair } from "../lib/types";
import { API_URL } from "./api";
import { PASSWORD, WEB_URL, apiAs, cookie, fillAddress, phonesInStock, registerViaApi, storePost, uniqueEmail, expectPaid } from "./store";

/** Straight to the API, as another device would. */
async function apiPost(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${API_URL}${path}`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test("another shopper cannot open someone's order page", async ({ browser }) => {
  const owner = await browser.newContext();
  const page = await owner.newPage();
  await page.goto("/");
  await registerViaApi(page, "owner");
  const [p] = await phonesInStock(1, 1);
  expect((await storePost(page, "/api/cart/add", { product: p!.slug })).status()).toBe(201);
  await page.goto("/checkout");
  await fillAddress(page);
  await page.getByTestId("method-dev").check();
  await page.getByTestId("place-order").click();
  await expectPaid(page);
  const url = page.url();
  await owner.close();

  const other = await browser.newContext();
  const page2 = await other.newPage();
  // Signed out: sent to sign in first, by a real redirect (the order route's loading.tsx streams after it).
  const signedOut = await page2.request.get(url, { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers().location).toMatch(/\/login\?next=/);
  await page2.goto(url);
  await expect(page2).toHaveURL(/\/login\?next=/);
  await registerViaApi(page2, "other");
  const res = await page2.goto(url);
  expect(res?.status()).toBe(404);
  await expect(page2.getByTestId("not-found")).toBeVisible();
  await expect(page2.getByTestId("order-page")).toHaveCount(0);
  await other.close();
});

test("sign in and sign out; the tokens are httpOnly and gone after sign-out", async ({ page, context }) => {
  const email = uniqueEmail("signout");
  await page.goto("/");
  await storePost(page, "/api/session/register", { email, password: PASSWORD, full_name: "Meera Iyer" });
  await storePost(page, "/api/session/logout", {});
  expect(await cookie(context, "ps_rt")).toBeFalsy();

  await page.goto("/login");
  await page.getByTestId("signin-password").click(); // the mobile number comes first
  await expect(page).toHaveURL(/method=password/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-link")).toHaveText("Account");
  const tokens = (await context.cookies()).filter((c) => c.name === "ps_at" || c.name === "ps_rt");
  expect(tokens).toHaveLength(2);
  for (const t of tokens) {
    expect(t.httpOnly).toBe(true);
    expect(t.sameSite).toBe("Lax");
  }
  expect(await page.evaluate(() => document.cookie)).not.toMatch(/ps_at|ps_rt/);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/eyJ/);

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(`${WEB_URL}/`);
  await expect(page.getByTestId("account-link")).toHaveText("Sign in");
  expect(await cookie(context, "ps_at")).toBeFalsy();
  expect(await cookie(context, "ps_rt")).toBeFalsy();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
});

test("an expired access token is refreshed without the shopper noticing", async ({ page, context }) => {
  await page.goto("/");
  const email = await registerViaApi(page, "refresh");
  const before = await cookie(context, "ps_rt");
  // An access token whose exp has passed (as after 10 idle minutes).
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const expired = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ token_type: "access", exp: Math.floor(Date.now() / 1000) - 60, user_id: "0" })}.x`;
  await context.addCookies([{ name: "ps_at", value: expired, url: WEB_URL, httpOnly: true, sameSite: "Lax" }]);

  await page.goto("/account");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("profile-email")).toHaveText(email);
  const access = await cookie(context, "ps_at");
  expect(access).toBeTruthy();
  expect(access).not.toBe(expired);
  expect(await cookie(context, "ps_rt")).not.toBe(before); // rotated

  // And from a route handler (a browser call) too.
  await context.addCookies([{ name: "ps_at", value: expired, url: WEB_URL, httpOnly: true, sameSite: "Lax" }]);
  const res = await page.request.get(`${WEB_URL}/api/store/auth/me`);
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { email: string }).email).toBe(email);
});

test("security headers, and route handlers refuse cross-site calls", async ({ page }) => {
  const res = await page.goto("/");
  const h = res!.headers();
  expect(h["content-security-policy"]).toContain("https://checkout.razorpay.com");
  expect(h["content-security-policy"]).toContain("https://js.stripe.com");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");

  const evil = await page.request.post(`${WEB_URL}/api/store/cart/items`, {
    data: { variant: 1, quantity: 1 },
    headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
  });
  expect(evil.status()).toBe(403);
  const form = await page.request.post(`${WEB_URL}/api/session/logout`, {
    form: { x: "1" },
    headers: { Origin: WEB_URL },
  });
  expect(form.status()).toBe(415);
  const unknown = await page.request.get(`${WEB_URL}/api/store/staff/orders`);
  expect(unknown.status()).toBe(404);
});

test("account: add, edit and delete addresses with the API's field errors; edit the profile", async ({ page }) => {
  await page.goto("/");
  await registerViaApi(page, "book");
  await page.goto("/account");
  await page.getByTestId("add-address").click();
  await fillAddress(page, "book");
  await page.locator("#book-pincode").fill("012345");
  await page.getByTestId("save-address").click();
  await expect(page.locator("#book-pincode")).toHaveAttribute("aria-invalid", "true");
  await page.locator("#book-pincode").fill("400001");
  await page.getByTestId("save-address").click();
  await expect(page.getByTestId("address")).toHaveCount(1);
  await expect(page.getByTestId("address")).toContainText("400001");

  await page.getByTestId("edit-address").click();
  await page.locator("#book-city").fill("Mumbai");
  await page.locator("#book-state_code").selectOption({ label: "Maharashtra" });
  await page.getByTestId("save-address").click();
  await expect(page.getByTestId("address")).toContainText("Mumbai, Maharashtra 400001");

  await page.getByTestId("delete-address").click();
  await expect(page.getByTestId("address")).toHaveCount(0);

  // A field error from the API (not checked in the browser) is shown next to its field.
  const profile = page.getByTestId("profile-form");
  await profile.getByLabel("Mobile number").fill("12345");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByTestId("error-phone")).toBeVisible();
  await profile.getByLabel("Mobile number").fill("9123456780");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("profile-form").getByLabel("Mobile number")).toHaveValue("9123456780");

  // Order updates by SMS: on until the shopper turns them off, and off they stay.
  const smsUpdates = page.getByTestId("profile-form").getByLabel("SMS updates about my orders");
  await expect(smsUpdates).toBeChecked();
  await smsUpdates.uncheck();
  await page.getByTestId("profile-form").getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("profile-form").getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("profile-form").getByLabel("SMS updates about my orders")).not.toBeChecked();
});

test("change the password on /account: this browser stays signed in, every other session ends", async ({ page, context }) => {
  const NEW_PASSWORD = "Lantern-Paddy-2718";
  await page.goto("/");
  const email = await registerViaApi(page, "password");
  // Another device signed in before the change.
  const elsewhere = await apiPost("/api/auth/token/", { email, password: PASSWORD });
  expect(elsewhere.status).toBe(200);
  const otherDevice = elsewhere.body as TokenPair;

  await page.goto("/account");
  const form = page.getByTestId("password-form");
  await expect(form.getByLabel("Current password")).toHaveAttribute("autocomplete", "current-password");
  await expect(form.getByLabel("New password", { exact: true })).toHaveAttribute("autocomplete", "new-password");
  await expect(form.getByLabel("Confirm new password")).toHaveAttribute("autocomplete", "new-password");
  const access = await cookie(context, "ps_at");
  const refresh = await cookie(context, "ps_rt");

  // The confirmation is checked in the browser (nothing is sent) ...
  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByTestId("error-confirm_password")).toBeVisible();

  // ... the current password by the API: its field error is shown and nothing changes.
  await form.getByLabel("Current password").fill("not-my-password-42");
  await form.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  const refused = page.waitForResponse((r) => r.url().endsWith("/api/store/auth/password/change"));
  await form.getByRole("button", { name: "Change password" }).click();
  expect((await refused).status()).toBe(400);
  await expect(form.getByTestId("error-old_password")).toBeVisible();
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByTestId("password-changed")).toHaveText("");
  expect(await cookie(context, "ps_at")).toBe(access);
  expect(await cookie(context, "ps_rt")).toBe(refresh);
  expect((await apiPost("/api/auth/token/", { email, password: PASSWORD })).status).toBe(200);

  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByTestId("password-changed")).toContainText("other device");
  await expect(form.getByTestId("error-old_password")).toHaveCount(0);
  await expect(form.getByLabel("Current password")).toHaveValue("");

  // This browser holds the fresh pair (still httpOnly) and stays signed in.
  const freshAccess = await cookie(context, "ps_at");
  expect(freshAccess).toBeTruthy();
  expect(freshAccess).not.toBe(access);
  expect(await cookie(context, "ps_rt")).not.toBe(refresh);
  for (const c of (await context.cookies(WEB_URL)).filter((c) => c.name === "ps_at" || c.name === "ps_rt")) expect(c.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toMatch(/ps_at|ps_rt/);
  await page.reload();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("profile-email")).toHaveText(email);
  expect((await apiAs(context, "/api/auth/me/")).status).toBe(200);

  // The old password no longer signs in; the new one does.
  expect((await apiPost("/api/auth/token/", { email, password: PASSWORD })).status).toBe(401);
  expect((await apiPost("/api/auth/token/", { email, password: NEW_PASSWORD })).status).toBe(200);
  // Sessions from before the change are over: the other device's refresh token is refused.
  expect((await apiPost("/api/auth/token/refresh/", { refresh: otherDevice.refresh })).status).toBe(401);
  expect((await apiPost("/api/auth/token/refresh/", { refresh: refresh })).status).toBe(401);
  // And their access tokens carry the old password's hash: refused at once, not only when they expire.
  for (const token of [otherDevice.access, access]) {
    const me = await fetch(`${API_URL}/api/auth/me/`, { headers: { Accept: "application/json", Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  }
});
