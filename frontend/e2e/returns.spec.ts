/**
 * Returns (issue 16): a shopper returns a delivered phone from its order page, by its IMEI, with a photo, and
 * sees the refund once staff have approved, received and inspected it. The delivery and the staff steps go
 * through the staff API as the e2e stack's staff account (scripts/e2e-stack.sh); the refund runs through
 * the dev gateway (tasks eager in the e2e stack).
 */
import { expect, test } from "@playwright/test";
import { formatPrice as inr } from "../lib/format";
import { deliver, staffOk, staffToken } from "./staff";
import { fillAddress, phonesInStock, registerViaApi, expectPaid } from "./store";

// A real 1×1 PNG: the API decodes and re-encodes every photo.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

test("a shopper returns a delivered phone by its IMEI, with a photo, and sees the refund", async ({ page }) => {
  const [phone] = await phonesInStock(1, 7);
  await page.goto("/");
  await registerViaApi(page, "return", "Meera Iyer");
  await page.goto(`/product/${phone!.slug}`);
  await page.getByTestId("purchase-panel").getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto("/checkout");
  await fillAddress(page);
  await page.getByTestId("method-dev").check();
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/order\/\d+$/);
  await expectPaid(page);
  const orderId = Number(await page.getByTestId("order-page").getAttribute("data-order-id"));
  // Not delivered yet: nothing to return.
  await expect(page.getByTestId("return-form")).toHaveCount(0);

  const token = await staffToken();
  await deliver(token, orderId);

  // Delivered: the form, with the phone by its IMEI (recorded by staff at packing, in deliver()).
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "DELIVERED");
  const form = page.getByTestId("return-form");
  await expect(form).toBeVisible();
  await expect(form.getByTestId("return-window")).toContainText("Returns are accepted until");
  const unit = form.getByTestId("return-unit");
  await expect(unit).toHaveCount(1);
  await expect(form.locator("li", { has: page.getByTestId("return-unit") })).toContainText(/IMEI \d{15}/);

  // Nothing chosen: said under the fields, nothing sent.
  await form.getByTestId("return-submit").click();
  await expect(form.getByTestId("error-units")).toBeVisible();
  await expect(form.getByTestId("error-reason")).toBeVisible();

  await unit.check();
  await form.getByLabel("Reason").selectOption("dead_on_arrival");
  await form.getByTestId("return-outcome-refund").check();
  await form.getByTestId("return-details").fill("The screen stays black.");
  await form.getByLabel("Photos (optional)").setInputFiles({ name: "screen.png", mimeType: "image/png", buffer: PNG });
  await form.getByTestId("return-submit").click();

  // The page re-renders from the API: the return, with its own timeline.
  const card = page.getByTestId("return").first();
  await expect(card.getByTestId("return-status")).toHaveText("Requested");
  await expect(card.getByTestId("return-step").first()).toHaveAttribute("data-state", "current");
  // The unit is asked back: nothing left to return, so no form.
  await expect(page.getByTestId("return-form")).toHaveCount(0);
  // The photo streams through the storefront, to its owner.
  const photo = card.getByTestId("return-photo");
  await expect(photo).toHaveCount(1);
  const img = await page.request.get((await photo.getAttribute("src"))!);
  expect(img.status()).toBe(200);
  expect(img.headers()["content-type"]).toBe("image/png");

  // Staff: approve (the pickup is booked), received, inspected and restocked: the refund goes through the gateway.
  const returnId = Number(await card.getAttribute("data-return-id"));
  await staffOk(token, `returns/${returnId}/approve/`, { note: "" });
  await staffOk(token, `returns/${returnId}/received/`, { note: "" });
  const inspected = await staffOk<{ refund_amount: string }>(token, `returns/${returnId}/inspect/`, { disposition: "restock", note: "Dead on arrival, confirmed." });
  await expect
    .poll(async () => (await staffOk<{ status: string }>(token, `returns/${returnId}/`)).status, { timeout: 15_000 })
    .toBe("refunded");

  await page.reload();
  const refunded = page.getByTestId("return").first();
  await expect(refunded.getByTestId("return-status")).toHaveText("Refunded");
  await expect(refunded.getByTestId("return-refund")).toContainText(`Refunded ${inr(inspected.refund_amount)}`);
  await expect(refunded.locator('[data-testid=return-step][data-status="refunded"]')).toHaveAttribute("data-state", "current");
});
