import { expect, test } from "@playwright/test";
import type { AlertList, Wishlist } from "../lib/types";
import { apiAs, phonesInStock, registerViaApi, uniqueEmail, PASSWORD } from "./store";

test("a guest's hearts join the account at sign-up and show on /account/wishlist", async ({ page, context }) => {
  const [carded, paged] = await phonesInStock(2);
  const variant = paged!.variants.find((v) => v.in_stock && v.sku !== paged!.variants[0]!.sku) ?? paged!.variants[0]!;

  // A heart on a card (the phone), and one on a product page with a variant chosen (the phone and that variant).
  await page.goto("/shop");
  const card = page.locator(`[data-testid=product-card][data-slug="${carded!.slug}"]`);
  const heart = card.getByTestId("wishlist-toggle");
  await expect(heart).toHaveAttribute("aria-pressed", "false");
  await heart.click();
  await expect(heart).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("wishlist-count")).toHaveText("1");

  await page.goto(`/product/${paged!.slug}?variant=${encodeURIComponent(variant.sku)}`);
  const pageHeart = page.getByTestId("purchase-panel").getByTestId("wishlist-toggle");
  await expect(pageHeart).toBeEnabled();
  await pageHeart.click();
  await expect(pageHeart).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("wishlist-count")).toHaveText("2");

  // The wishlist link asks a guest to sign in first, then comes back; a new account is made on the way.
  await page.getByTestId("wishlist-link").click();
  await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Fwishlist/);
  await page.goto("/register?next=/account/wishlist");
  await page.getByLabel("Full name").fill("Meera Iyer");
  await page.getByLabel("Email").fill(uniqueEmail("wish"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account\/wishlist$/);

  const items = page.getByTestId("wishlist-item");
  await expect(items).toHaveCount(2);
  await expect(page.locator(`[data-testid=wishlist-item][data-slug="${paged!.slug}"]`)).toContainText(variant.color);
  // Merged into the account (the API's list) and gone from the browser.
  await expect.poll(async () => (await apiAs<Wishlist>(context, "/api/wishlist/")).body.count).toBe(2);
  const api = (await apiAs<Wishlist>(context, "/api/wishlist/")).body;
  expect(api.items.find((i) => i.product.slug === paged!.slug)?.variant?.sku).toBe(variant.sku);
  expect(await page.evaluate(() => window.localStorage.getItem("phonestore:wishlist"))).toBeNull();

  // Taking one off; its card's heart is no longer pressed.
  await page.locator(`[data-testid=wishlist-item][data-slug="${carded!.slug}"]`).getByTestId("wishlist-remove").click();
  await expect(items).toHaveCount(1);
  await page.goto("/shop");
  await expect(page.locator(`[data-testid=product-card][data-slug="${carded!.slug}"]`).getByTestId("wishlist-toggle")).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await expect(page.getByTestId("wishlist-count")).toHaveText("1");
});

test("price and stock alerts: a guest is sent to sign in and back; a shopper starts and stops one", async ({ page, context }) => {
  const [phone] = await phonesInStock(1, 2);
  const variant = phone!.variants.find((v) => v.in_stock)!;
  const here = `/product/${phone!.slug}?variant=${encodeURIComponent(variant.sku)}`;

  await page.goto(here);
  const guestLink = page.getByTestId("alert-price_drop");
  await expect(guestLink).toHaveAttribute("href", `/login?next=${encodeURIComponent(here)}`);
  // In stock: no "notify me".
  await expect(page.getByTestId("alert-back_in_stock")).toHaveCount(0);

  await registerViaApi(page, "alerts");
  await page.goto(here);
  const toggle = page.getByTestId("alert-price_drop");
  await expect(toggle).toBeEnabled();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("alert-status")).toContainText("costs less than");
  const alerts = (await apiAs<AlertList>(context, "/api/alerts/")).body;
  expect(alerts.items.map((a) => [a.kind, a.variant.sku, a.seen_price])).toEqual([["price_drop", variant.sku, variant.price]]);

  await page.goto("/account/wishlist");
  const row = page.getByTestId("alert-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(phone!.title);
  await row.getByTestId("alert-stop").click();
  await expect(page.getByTestId("alerts-empty")).toBeVisible();
  expect((await apiAs<AlertList>(context, "/api/alerts/")).body.count).toBe(0);
});

test("an unsubscribe link that was altered says so, and nothing is stopped by opening it", async ({ page }) => {
  await page.goto("/alerts/unsubscribe?token=eyJ1IjoxLCJhIjpudWxsfQ:1xZKQi:forged");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.getByTestId("unsubscribe-error")).toHaveCount(0);
  await page.getByRole("button", { name: "Stop these alerts" }).click();
  await expect(page.getByTestId("unsubscribe-error")).toContainText("This unsubscribe link is not valid");
  await page.goto("/alerts/unsubscribe");
  await expect(page.getByTestId("unsubscribe-error")).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop these alerts" })).toHaveCount(0);
});
