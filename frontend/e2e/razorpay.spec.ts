import { expect, test, type Page } from "@playwright/test";
import { formatPrice as inr } from "../lib/format";
import { RAZORPAY_API_BASE, RAZORPAY_KEY_ID, fillAddress, ordersOf, phonesInStock, razorpayStandIn, registerViaApi, storePost, PAID_OR_LATER, expectPaid } from "./store";

test.beforeEach(() => {
  expect(RAZORPAY_API_BASE, "the Razorpay stand-in's address (scripts/e2e-stack.sh starts it)").toBeTruthy();
});

async function checkoutWithRazorpay(page: Page, skip: number) {
  await page.goto("/");
  await registerViaApi(page, "rzp");
  const [p] = await phonesInStock(1, skip);
  expect((await storePost(page, "/api/cart/add", { product: p!.slug })).status()).toBe(201);
  await page.goto("/checkout");
  await fillAddress(page);
  await page.getByTestId("method-razorpay").check();
  await page.getByTestId("place-order").click();
}

test("Razorpay: checkout.js's handler posts the signature, the order becomes Paid", async ({ page, context }) => {
  await razorpayStandIn(page, ["pay"]);
  await checkoutWithRazorpay(page, 5);
  await expect(page).toHaveURL(/\/order\/\d+$/);
  await expectPaid(page);
  const order = (await ordersOf(context)).results[0]!;
  expect(order.status).toMatch(PAID_OR_LATER);
  // checkout.js got the server's amount (paise), our public key and Razorpay's order id.
  const opts = await page.evaluate(() => (window as unknown as { __rzpOptions: Record<string, unknown> }).__rzpOptions);
  expect(opts.key).toBe(RAZORPAY_KEY_ID);
  expect(opts.amount).toBe(Math.round(Number(order.total) * 100));
  expect(String(opts.order_id)).toMatch(/^order_/);
});

test("Razorpay: a wrong signature leaves the order pending with an error; a retry pays it", async ({ page, context }) => {
  await razorpayStandIn(page, ["pay-wrong-signature", "close", "pay"]);
  await checkoutWithRazorpay(page, 6);
  await expect(page).toHaveURL(/\/order\/\d+\?payment=failed$/);
  await expect(page.getByTestId("order-status")).toHaveText("Pending payment");
  await expect(page.getByTestId("payment-error")).toContainText(/signature/i);
  expect((await ordersOf(context)).results[0]!.status).toBe("PENDING_PAYMENT");

  // Closing the modal keeps the order waiting.
  await page.getByTestId("pay-now").click();
  await expect(page.getByTestId("payment-panel")).toContainText("You closed the payment window");
  await expect(page.getByTestId("order-status")).toHaveText("Pending payment");

  // Pay again: the same order becomes Paid.
  const total = (await ordersOf(context)).results[0]!.total;
  await expect(page.getByTestId("pay-now")).toContainText(inr(total));
  await page.getByTestId("pay-now").click();
  await expectPaid(page);
  const orders = await ordersOf(context);
  expect(orders.count).toBe(1);
  expect(orders.results[0]!.status).toMatch(PAID_OR_LATER);
});
