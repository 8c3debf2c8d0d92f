/**
 * Cash on delivery (issue 17): a shopper picks COD at checkout, confirms the order with the code sent to the
 * delivery address's mobile (the console SMS sender: read from the e2e API's log), sees what to pay at the door,
 * and after delivery (staff API, as the courier would report it) sees it paid in cash.
 */
import { expect, test } from "@playwright/test";
import { formatPrice as inr } from "../lib/format";
import { deliver, staffToken } from "./staff";
import { API_LOG, fillAddress, fromSms, ordersOf, phonesInStock, registerViaApi } from "./store";

test("a shopper pays cash on delivery: confirms with the SMS code, pays at the door, sees it paid in cash", async ({ page, context }) => {
  expect(API_LOG, "the e2e API's log (E2E_API_LOG, set by scripts/e2e-stack.sh)").toBeTruthy();
  const [phone] = await phonesInStock(1, 9);
  await registerViaApi(page, "cod", "Ravi Kumar");
  await page.goto(`/product/${phone!.slug}`);
  await page.getByTestId("purchase-panel").getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");

  await page.goto("/checkout");
  await fillAddress(page); // Bengaluru 560001: the mock carrier collects cash there
  const cod = page.getByTestId("method-cod");
  await expect(cod).toBeEnabled(); // offered once the API has answered for this pincode and total
  await expect(page.getByTestId("cod-unavailable")).toHaveCount(0);
  await cod.check();
  await expect(page.getByTestId("place-order")).toContainText("in cash on delivery");
  await page.getByTestId("place-order").click();

  // Placed unpaid, awaiting the code: straight to the page that asks for it; the order page links there too.
  await expect(page).toHaveURL(/\/order\/\d+\/confirm$/);
  await expect(page.getByTestId("cod-confirm-page")).toBeVisible();
  const [order] = (await ordersOf(context)).results;
  expect(order!.status).toBe("CONFIRMATION_PENDING");
  await page.goto(`/order/${order!.id}`);
  await page.getByTestId("cod-awaiting-code").getByRole("link", { name: "Enter the code" }).click();
  await expect(page.getByTestId("cod-confirm-page")).toBeVisible();

  // A wrong code is refused and said; the right one, from the SMS, confirms.
  await page.getByTestId("cod-code").fill("000000");
  await page.getByTestId("cod-submit").click();
  await expect(page.getByTestId("cod-error")).toBeVisible();
  const code = await fromSms("9876543210", new RegExp(`(\\d{6}) confirms your PhoneStore cash on delivery order ${order!.number}`), /^\d{6}$/);
  await page.getByTestId("cod-code").fill(code);
  await page.getByTestId("cod-submit").click();
  await expect(page).toHaveURL(new RegExp(`/order/${order!.id}$`));
  await expect(page.getByTestId("cod-due")).toHaveText(`Pay ${inr(order!.total)} in cash when it arrives.`);
  const confirmed = (await ordersOf(context)).results[0]!;
  expect(["CONFIRMED", "PACKED"]).toContain(confirmed.status); // a phone waits for staff to record its IMEI

  // Delivered: the courier collected the cash.
  await deliver(await staffToken(), order!.id);
  await page.reload();
  await expect(page.getByTestId("cod-paid")).toHaveText(`Paid in cash: ${inr(order!.total)} on delivery.`);
  await expect(page.getByTestId("cod-due")).toHaveCount(0);
});
