import { expect, test } from "@playwright/test";
import { formatPrice as inr } from "../lib/format";
import { PASSWORD, cartOf, cookie, fillAddress, ordersOf, phonesInStock, registerViaApi, uniqueEmail, PAID_OR_LATER, expectPaid } from "./store";
import { recordImeis, staffToken } from "./staff";

test("a guest adds two phones, registers, finds the cart merged, pays with the test gateway, and sees the order", async ({ page, context }) => {
  const [a] = await phonesInStock(1);
  // From a product page...
  await page.goto(`/product/${a!.slug}`);
  await page.getByTestId("purchase-panel").getByTestId("add-to-cart").click();
  await expect(page.getByTestId("purchase-panel").getByTestId("add-to-cart-status")).toContainText("Added");
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  // ...and from a product card.
  await page.goto("/shop?available=true&sort=popularity");
  const card = page.locator(`[data-testid=product-card]:not([data-slug="${a!.slug}"])`).first();
  const b = { slug: (await card.getAttribute("data-slug"))! };
  await card.getByTestId("add-to-cart").click();
  await expect(card.getByTestId("add-to-cart-status")).toContainText("Added");
  await expect(page.getByTestId("cart-count")).toHaveText("2");

  // The guest cart lives in an httpOnly cookie the page's scripts cannot read.
  const guestToken = await cookie(context, "ps_cart");
  expect(guestToken).toBeTruthy();
  expect((await context.cookies()).find((c) => c.name === "ps_cart")?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain("ps_cart");

  // The cart page shows the API's own numbers.
  await page.goto("/cart");
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  const guestCart = await cartOf(context);
  await expect(page.getByTestId("totals-total")).toHaveText(inr(guestCart.total));
  await expect(page.getByTestId("totals-gst")).toHaveText(inr(guestCart.gst_total));

  // Quantity bounded as the API says: + stops at the line's max_quantity.
  const first = page.getByTestId("cart-line").first();
  await first.getByTestId("qty-plus").click();
  await expect(first.getByTestId("qty")).toHaveText("2");
  const after = await cartOf(context);
  await expect(page.getByTestId("totals-total")).toHaveText(inr(after.total));
  const line = after.items.find((l) => l.quantity === 2)!;
  for (let q = 2; q < line.max_quantity; q++) {
    await first.getByTestId("qty-plus").click();
    await expect(first.getByTestId("qty")).toHaveText(String(q + 1));
  }
  await expect(first.getByTestId("qty-plus")).toBeDisabled();
  await first.getByTestId("qty-minus").click();
  await expect(first.getByTestId("qty")).toHaveText(String(line.max_quantity - 1));
  // Back to one of each.
  for (let q = line.max_quantity - 1; q > 1; q--) {
    await first.getByTestId("qty-minus").click();
    await expect(first.getByTestId("qty")).toHaveText(String(q - 1));
  }
  await expect(page.getByTestId("cart-count")).toHaveText("2");

  // Register from the cart; the guest cart is merged into the new account.
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/register\?next=%2Fcheckout|\/register\?next=\/checkout/);
  // Field errors from the API next to their fields.
  await page.getByLabel("Full name").fill("Asha Verma");
  await page.getByLabel("Email").fill(uniqueEmail("weak"));
  await page.getByLabel("Password").fill("1234567890");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("error-password")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  const email = uniqueEmail("guest");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByTestId("checkout-lines").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("cart-count")).toHaveText("2");
  expect(await cookie(context, "ps_cart")).toBeFalsy();
  const merged = await cartOf(context);
  expect(merged.items.map((l) => l.variant.product_slug).sort()).toEqual([a!.slug, b!.slug].sort());
  expect(merged.token).toBeNull();

  // Checkout: a new address (validated, with a delivery estimate when the service answers), test payment.
  await fillAddress(page);
  await expect(page.getByTestId("checkout-estimate")).not.toBeEmpty();
  await expect(page.getByTestId("totals-total")).toHaveText(inr(merged.total));
  await page.getByTestId("method-dev").check();
  await expect(page.getByText("Test payment: no money moves")).toBeVisible();
  // Clicking twice never makes two orders.
  await page.getByTestId("place-order").dblclick();
  await expect(page).toHaveURL(/\/order\/\d+$/);
  await expectPaid(page);
  const orderId = Number(await page.getByTestId("order-page").getAttribute("data-order-id"));
  const orders = await ordersOf(context);
  expect(orders.count).toBe(1);
  expect(orders.results[0]!.id).toBe(orderId);
  expect(orders.results[0]!.status).toMatch(PAID_OR_LATER);
  expect(orders.results[0]!.place_of_supply).toBe("29"); // the address's state: the invoice's place of supply
  await expect(page.getByTestId("order-item")).toHaveCount(2);
  await expect(page.getByTestId("totals-total")).toHaveText(inr(orders.results[0]!.total));
  await expect(page.getByTestId("cart-count")).toHaveText("0");

  // Paid; packed once staff record the phones' IMEIs, and invoiced: the page links the tax invoice, a PDF the
  // browser fetches through the storefront with the session cookie.
  await recordImeis(await staffToken(), orderId);
  await page.reload();
  const invoiceLink = page.getByTestId("invoice-link");
  await expect(invoiceLink).toContainText(/Download tax invoice \(PS\/\d{4}\/\d{6}\)/);
  const pdf = await page.request.get((await invoiceLink.getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // The order is in the account, with its invoice and the saved address.
  await page.getByTestId("account-link").click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator(`[data-testid=order-row][data-order-id="${orderId}"]`)).toContainText(/Paid|Packed|Shipped/);
  await expect(page.getByTestId("order-row-invoice")).toHaveCount(1);
  await expect(page.getByTestId("address")).toHaveCount(1);
  await expect(page.getByTestId("profile-email")).toHaveText(email);
});

test("a business buyer's GSTIN: refused under the field when registered in another state, kept when right", async ({ page, context }) => {
  const [p] = await phonesInStock(1, 5);
  await page.goto("/");
  await registerViaApi(page, "gstin");
  await page.goto(`/product/${p!.slug}`);
  await page.getByTestId("purchase-panel").getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto("/checkout");
  await fillAddress(page); // Karnataka
  await page.getByTestId("method-dev").check();

  const gstin = page.getByLabel("GSTIN (for business purchases)");
  await gstin.fill("27ABCDE1234F1Z0"); // a valid GSTIN, registered in Maharashtra
  await page.getByTestId("place-order").click();
  await expect(page.getByTestId("error-buyer_gstin")).toContainText("registered in Maharashtra, the billing address is in Karnataka");
  await expect(gstin).toHaveAttribute("aria-invalid", "true");

  await gstin.fill("29abcde1234f1zw"); // the buyer's Karnataka registration, typed in lower case
  await expect(gstin).toHaveValue("29ABCDE1234F1ZW");
  await page.getByTestId("place-order").click();
  await expectPaid(page);
  const order = (await ordersOf(context)).results[0]!;
  expect([order.buyer_gstin, order.place_of_supply]).toEqual(["29ABCDE1234F1ZW", "29"]);
});

test("cancelling an order while allowed", async ({ page, context }) => {
  const [p] = await phonesInStock(1, 3);
  const email = uniqueEmail("cancel");
  await page.goto("/register");
  await page.getByLabel("Full name").fill("Vikram Rao");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto(`/product/${p!.slug}`);
  await page.getByTestId("purchase-panel").getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto("/checkout");
  await fillAddress(page);
  await page.getByTestId("method-dev").check();
  await page.getByTestId("place-order").click();
  await expectPaid(page);
  await page.getByTestId("cancel-order").click();
  await page.getByTestId("confirm-cancel").click();
  await expect(page.getByTestId("order-status")).toHaveText(/Cancelled|Refunded/);
  await expect(page.getByTestId("cancel-order")).toHaveCount(0);
  const orders = await ordersOf(context);
  expect(["CANCELLED", "REFUNDED"]).toContain(orders.results[0]!.status);
});
