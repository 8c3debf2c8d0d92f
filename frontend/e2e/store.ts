/** Helpers for the cart, account, checkout and payment journeys. */
import { createHmac } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import type { Cart, OrderPage, ProductDetail } from "../lib/types";
import { API_URL, listProducts, productDetail } from "./api";

export const WEB_URL = (process.env.WEB_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
export const PASSWORD = "Kettle-Monsoon-42";

let seq = 0;
export function uniqueEmail(tag: string): string {
  return `e2e-${tag}-${Date.now().toString(36)}-${seq++}@example.in`;
}

/** In-stock phones (distinct products), cheapest variant in stock first. */
export async function phonesInStock(n: number, skip = 0): Promise<ProductDetail[]> {
  const list = await listProducts({ available: "true", page_size: "40", sort: "popularity" });
  const out: ProductDetail[] = [];
  for (const item of list.results.slice(skip)) {
    const p = await productDetail(item.slug);
    if (p.variants.some((v) => v.in_stock && v.stock >= 3)) out.push(p);
    if (out.length === n) break;
  }
  return out;
}

export async function cookie(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies(WEB_URL)).find((c) => c.name === name)?.value;
}

/** The API as the shopper of this browser context (its cookies hold the tokens). */
export async function apiAs<T>(context: BrowserContext, path: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const access = await cookie(context, "ps_at");
  const cart = await cookie(context, "ps_cart");
  if (access) headers.Authorization = `Bearer ${access}`;
  if (cart) headers["X-Cart-Token"] = cart;
  const res = await fetch(`${API_URL}${path}`, { headers });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

export const cartOf = async (context: BrowserContext) => (await apiAs<Cart>(context, "/api/cart/")).body;
export const ordersOf = async (context: BrowserContext) => (await apiAs<OrderPage>(context, "/api/orders/")).body;

/** Same-origin calls to the storefront's route handlers from the test (as the page's own scripts would). */
export async function storePost(page: Page, path: string, body: unknown) {
  const res = await page.request.post(`${WEB_URL}${path}`, { data: body, headers: { Origin: WEB_URL, "Content-Type": "application/json" } });
  return res;
}

export async function registerViaApi(page: Page, tag: string, name = "Asha Verma"): Promise<string> {
  const email = uniqueEmail(tag);
  const res = await storePost(page, "/api/session/register", { email, password: PASSWORD, full_name: name });
  expect(res.status(), await res.text()).toBe(201);
  return email;
}

// ---- Mail: the e2e API's filebased mail backend writes to E2E_MAIL_DIR (scripts/e2e-stack.sh) -----------

export const MAIL_DIR = process.env.E2E_MAIL_DIR ?? "";

/** The first group of `pattern` (global) in the newest mail to `email`, waiting for it to arrive. */
export async function fromMail(email: string, pattern: RegExp, expected: RegExp, timeout = 15_000): Promise<string> {
  let found = "";
  await expect
    .poll(
      () => {
        for (const f of readdirSync(MAIL_DIR).sort().reverse()) {
          const text = readFileSync(path.join(MAIL_DIR, f), "utf8");
          if (!text.includes(email)) continue;
          const match = [...text.matchAll(pattern)].pop();
          if (match) return (found = match[1]!);
        }
        return "";
      },
      { timeout },
    )
    .toMatch(expected);
  return found;
}

// ---- SMS: the console sender logs "SMS to +91<phone>: <text>" on the e2e API's output (E2E_API_LOG) ----------

export const API_LOG = process.env.E2E_API_LOG ?? "";

/** How far the API's log has come: read texts logged after this point by passing it as `since`. */
export const apiLogSize = () => readFileSync(API_LOG).length;

/** The first group of `pattern` in the newest console SMS to `phone` (10 digits) that matches it, logged after byte
 * `since` of the API's log, waiting for it to arrive. */
export async function fromSms(phone: string, pattern: RegExp, expected: RegExp, since = 0, timeout = 15_000): Promise<string> {
  let found = "";
  await expect
    .poll(
      () => {
        const texts = readFileSync(API_LOG)
          .subarray(since)
          .toString("utf8")
          .split("\n")
          .filter((line) => line.includes(`SMS to +91${phone}: `));
        const match = texts.map((line) => line.match(pattern)).filter(Boolean).pop();
        return (found = match?.[1] ?? "");
      },
      { timeout },
    )
    .toMatch(expected);
  return found;
}

/** The newest sign-in code texted to `mobile` (10 digits) after byte `since` of the API's log. */
export const smsCode = (mobile: string, since: number) => fromSms(mobile, /Your PhoneStore sign-in code is (\d{6})\./, /^\d{6}$/, since);

export async function fillAddress(page: Page, prefix = "ship") {
  await page.locator(`#${prefix}-full_name`).fill("Asha Verma");
  await page.locator(`#${prefix}-phone`).fill("9876543210");
  await page.locator(`#${prefix}-line1`).fill("12 MG Road");
  await page.locator(`#${prefix}-pincode`).fill("560001");
  await page.locator(`#${prefix}-city`).fill("Bengaluru");
  await page.locator(`#${prefix}-state_code`).selectOption({ label: "Karnataka" });
}

// ---- Razorpay: checkout.js served by a local stand-in -------------------------------------------------

export const RAZORPAY_KEY_ID = process.env.RAZORPAY_KEY_ID ?? "";
export const RAZORPAY_KEY_SECRET = process.env.RAZORPAY_KEY_SECRET ?? "";
export const RAZORPAY_API_BASE = process.env.RAZORPAY_API_BASE ?? "";

/**
 * Stands in for https://checkout.razorpay.com/v1/checkout.js: `new Razorpay(options).open()` asks the
 * test what the customer does in the modal (pay, or close it) and calls the handler / ondismiss as the
 * real script does. The test pays on the Razorpay REST stand-in and signs order_id|payment_id with the
 * key secret (or a wrong one).
 */
const CHECKOUT_JS = `
(function () {
  function Razorpay(options) { this.options = options; this.events = {}; window.__rzpOptions = options; }
  Razorpay.prototype.on = function (name, cb) { this.events[name] = cb; };
  Razorpay.prototype.open = function () {
    var self = this;
    window.__rzpCustomer(self.options.order_id).then(function (r) {
      if (r.dismiss) { self.options.modal && self.options.modal.ondismiss && self.options.modal.ondismiss(); return; }
      self.options.handler(r);
    });
  };
  window.Razorpay = Razorpay;
})();`;

export type CustomerAction = "pay" | "pay-wrong-signature" | "close";

export async function razorpayStandIn(page: Page, actions: CustomerAction[]) {
  const queue = [...actions];
  await page.route("https://checkout.razorpay.com/v1/checkout.js", (route) =>
    route.fulfill({ status: 200, contentType: "application/javascript", body: CHECKOUT_JS }),
  );
  await page.exposeFunction("__rzpCustomer", async (razorpayOrderId: string) => {
    const action = queue.shift() ?? "close";
    if (action === "close") return { dismiss: true };
    const auth = Buffer.from(`${RAZORPAY_KEY_ID}:${RAZORPAY_KEY_SECRET}`).toString("base64");
    const res = await fetch(`${RAZORPAY_API_BASE}/v1/standin/orders/${razorpayOrderId}/pay`, {
      method: "POST",
      headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
      body: JSON.stringify({ status: "captured" }),
    });
    const paid = (await res.json()) as { razorpay_payment_id: string };
    const secret = action === "pay" ? RAZORPAY_KEY_SECRET : "not-the-key-secret";
    const signature = createHmac("sha256", secret).update(`${razorpayOrderId}|${paid.razorpay_payment_id}`).digest("hex");
    return { razorpay_order_id: razorpayOrderId, razorpay_payment_id: paid.razorpay_payment_id, razorpay_signature: signature };
  });
}

/** Paid, or already further on: the shipping service may pack a paid order at once (mock provider). */
export const PAID_OR_LATER = /^(PAID|PACKED|SHIPPED|DELIVERED)$/;

export async function expectPaid(page: Page) {
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", PAID_OR_LATER);
  const paidStep = page.getByTestId("timeline-step").nth(1);
  await expect(paidStep).toContainText("Paid");
  await expect(paidStep).toHaveAttribute("data-state", /done|current/);
  await expect(page.getByTestId("payment-panel")).toHaveCount(0);
}
