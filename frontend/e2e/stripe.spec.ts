import { createHmac } from "node:crypto";
import { expect, test, type Page, type Route } from "@playwright/test";
import { formatMoney } from "../components/payment/stripe/money";
import type { StripeIntent } from "../lib/types";
import { API_URL } from "./api";
import { PAID_OR_LATER, cartOf, expectPaid, fillAddress, ordersOf, phonesInStock, registerViaApi, storePost } from "./store";

const STRIPE_API_BASE = process.env.STRIPE_API_BASE ?? "";
const STRIPE_SECRET_KEY = process.env.STRIPE_SECRET_KEY ?? "";
const STRIPE_PUBLISHABLE_KEY = process.env.STRIPE_PUBLISHABLE_KEY ?? "";
const STRIPE_WEBHOOK_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? "";

test.beforeEach(() => {
  expect(STRIPE_API_BASE && STRIPE_WEBHOOK_SECRET, "the Stripe stand-in (scripts/e2e-stack.sh starts it)").toBeTruthy();
});

/**
 * Stands in for Stripe.js (https://js.stripe.com/<release>/stripe.js): just what @stripe/react-stripe-js
 * uses. `Stripe(pk)` gives elements() whose create("payment").mount() puts a frame from js.stripe.com on the
 * page (so the CSP's frame-src is exercised) and fires "ready"; confirmPayment() posts the client secret to
 * api.stripe.com/v1/payment_intents/{id}/confirm (connect-src) and, when it succeeds, leaves for
 * return_url with payment_intent, payment_intent_client_secret and redirect_status, as Stripe.js does.
 */
const STRIPE_JS = `
(function () {
  function makeElement(type) {
    var el = { type: type, handlers: {}, frame: null, isReady: false };
    el.on = function (name, cb) {
      (el.handlers[name] = el.handlers[name] || []).push(cb);
      if (name === "ready" && el.isReady) setTimeout(function () { cb({ elementType: type }); });
      return el;
    };
    el.off = function (name, cb) { el.handlers[name] = (el.handlers[name] || []).filter(function (h) { return h !== cb; }); return el; };
    el.update = function () {};
    el.mount = function (node) {
      if (typeof node === "string") node = document.querySelector(node);
      var f = document.createElement("iframe");
      f.src = "https://js.stripe.com/v3/elements-inner-payment.html";
      f.title = "Secure payment input frame";
      f.style.width = "100%"; f.style.height = "120px"; f.style.border = "0";
      f.onload = function () {
        el.isReady = true;
        (el.handlers.ready || []).forEach(function (cb) { cb({ elementType: type }); });
        (el.handlers.change || []).forEach(function (cb) { cb({ elementType: type, complete: true, empty: false, value: { type: "card" } }); });
      };
      node.appendChild(f);
      el.frame = f;
    };
    el.unmount = function () { if (el.frame) { el.frame.remove(); el.frame = null; } };
    el.destroy = el.unmount;
    return el;
  }
  function Stripe(key, opts) {
    if (!(this instanceof Stripe)) return new Stripe(key, opts);
    this.key = key;
    window.__stripeKey = key;
  }
  Stripe.version = "endive";
  Stripe.prototype._registerWrapper = function () {};
  Stripe.prototype.registerAppInfo = function () {};
  Stripe.prototype.elements = function (options) {
    window.__stripeElementsOptions = options;
    var made = {};
    return {
      options: options,
      create: function (type) { made[type] = makeElement(type); return made[type]; },
      getElement: function (type) { return made[type] || null; },
      update: function () {},
      submit: function () { return Promise.resolve({}); },
      fetchUpdates: function () { return Promise.resolve({}); },
    };
  };
  Stripe.prototype.confirmPayment = function (args) {
    var secret = args.elements.options.clientSecret;
    var id = secret.split("_secret_")[0];
    var returnUrl = args.confirmParams && args.confirmParams.return_url;
    var body = new URLSearchParams({ key: this.key, client_secret: secret, return_url: returnUrl || "" });
    return fetch("https://api.stripe.com/v1/payment_intents/" + id + "/confirm", { method: "POST", body: body })
      .then(function (r) { return r.json(); })
      .then(function (intent) {
        if (intent.error) return { error: intent.error };
        if (intent.last_payment_error) return { error: intent.last_payment_error, paymentIntent: intent };
        var url = new URL(returnUrl);
        url.searchParams.set("payment_intent", intent.id);
        url.searchParams.set("payment_intent_client_secret", secret);
        url.searchParams.set("redirect_status", intent.status === "succeeded" ? "succeeded" : intent.status);
        window.location.assign(url.toString());
        return new Promise(function () {});
      });
  };
  ["createToken", "createPaymentMethod", "confirmCardPayment", "retrievePaymentIntent", "handleNextAction"].forEach(function (name) {
    Stripe.prototype[name] = function () { return Promise.resolve({ error: { message: name + " is not in the stand-in" } }); };
  });
  window.Stripe = Stripe;
})();`;

const FRAME = `<!doctype html><html><body style="font:14px sans-serif;margin:0"><label>Card number <input value="4242 4242 4242 4242" readonly></label></body></html>`;

const cors = { "Access-Control-Allow-Origin": "*" };

/** GET/POST on the Stripe REST stand-in with the secret key, as the API does. */
async function stripeRest<T>(path: string, method = "GET"): Promise<T> {
  const res = await fetch(`${STRIPE_API_BASE}${path}`, { method, headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}` } });
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

type Intent = { id: string; amount: number; amount_received: number; currency: string; status: string; client_secret: string };

/** js.stripe.com and api.stripe.com answered by the test: the card is charged on the REST stand-in. */
async function stripeStandIn(page: Page) {
  const confirmed: Intent[] = [];
  await page.route("https://js.stripe.com/**", (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith(".html")) return route.fulfill({ status: 200, contentType: "text/html", body: FRAME });
    return route.fulfill({ status: 200, contentType: "application/javascript", body: STRIPE_JS });
  });
  await page.route("https://api.stripe.com/**", async (route: Route) => {
    const m = /\/v1\/payment_intents\/(pi_[A-Za-z0-9]+)\/confirm$/.exec(new URL(route.request().url()).pathname);
    const form = new URLSearchParams(route.request().postData() ?? "");
    if (!m) return route.fulfill({ status: 404, headers: cors, json: { error: { type: "invalid_request_error", message: "Unrecognized request URL." } } });
    const intent = await stripeRest<Intent>(`/v1/payment_intents/${m[1]}`);
    if (form.get("client_secret") !== intent.client_secret || form.get("key") !== STRIPE_PUBLISHABLE_KEY)
      return route.fulfill({ status: 400, headers: cors, json: { error: { type: "invalid_request_error", message: "The client_secret provided does not match." } } });
    const paid = await stripeRest<Intent>(`/v1/standin/payment_intents/${m[1]}/pay`, "POST");
    confirmed.push(paid);
    return route.fulfill({ status: 200, headers: cors, json: paid });
  });
  return confirmed;
}

/** Stripe's webhook delivery: the event signed as t=<unix>,v1=HMAC-SHA256(secret, "t.body"). */
async function deliverWebhook(type: string, intent: Intent, secret = STRIPE_WEBHOOK_SECRET) {
  const body = JSON.stringify({
    id: `evt_e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    data: { object: intent },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return fetch(`${API_URL}/api/payments/stripe/webhook/`, { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": `t=${t},v1=${v1}` }, body });
}

test("Stripe: pay in USD with the Payment Element; the signed webhook turns the order Paid", async ({ page, context }) => {
  const confirmed = await stripeStandIn(page);
  await page.goto("/");
  await registerViaApi(page, "stripe");
  const [p] = await phonesInStock(1, 7);
  expect((await storePost(page, "/api/cart/add", { product: p!.slug })).status()).toBe(201);

  // Checkout: rupee methods first (the default); Stripe is "another currency", USD chosen. The "about"
  // amount is the cart's total in that currency as the server rounded it, never the browser's sum.
  const cart = await cartOf(context);
  const aboutUsd = cart.total_in_currencies.USD!;
  const aboutEur = cart.total_in_currencies.EUR!;
  expect(aboutUsd, JSON.stringify(cart.total_in_currencies)).toMatch(/^\d+\.\d{2}$/);
  expect(aboutEur, JSON.stringify(cart.total_in_currencies)).toMatch(/^\d+\.\d{2}$/);
  await page.goto("/checkout");
  await fillAddress(page);
  await expect(page.locator('input[name="payment_method"]').first()).toBeChecked();
  await expect(page.getByTestId("method-stripe")).not.toBeChecked();
  await page.getByTestId("method-stripe").check();
  await page.getByTestId("stripe-currency").selectOption("EUR");
  await expect(page.getByTestId("stripe-approx")).toHaveText(`about ${formatMoney(aboutEur, "EUR")}`);
  await page.getByTestId("stripe-currency").selectOption("USD");
  await expect(page.getByTestId("stripe-approx")).toHaveText(`about ${formatMoney(aboutUsd, "USD")}`);
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/payment\/stripe\/\d+\?currency=USD$/);
  const orderId = Number(/\/payment\/stripe\/(\d+)/.exec(page.url())![1]);

  // The picker shows the order in each currency with a fresh rate; switching opens another intent.
  await expect(page.getByTestId("currency-USD")).toBeChecked();
  await expect(page.getByTestId("currency-EUR")).toBeVisible();
  const firstUsd = await page.getByTestId("stripe-form").getAttribute("data-intent");
  const eurCreated = page.waitForResponse((r) => r.url().endsWith("/api/store/payments/stripe/create") && r.request().method() === "POST");
  await page.getByTestId("currency-EUR").check();
  expect(((await (await eurCreated).json()) as StripeIntent).currency).toBe("EUR");
  await expect(page.getByTestId("stripe-pay")).toContainText("€");
  const usdCreated = page.waitForResponse((r) => r.url().endsWith("/api/store/payments/stripe/create") && r.request().method() === "POST");
  await page.getByTestId("currency-USD").check();
  const created = (await (await usdCreated).json()) as StripeIntent;
  expect(created.currency).toBe("USD");
  expect(created.publishable_key).toBe(STRIPE_PUBLISHABLE_KEY);
  expect(created.payment_intent_id).not.toBe(firstUsd); // the first USD intent was cancelled for EUR
  await expect(page.getByTestId("stripe-form")).toHaveAttribute("data-intent", created.payment_intent_id);
  await expect(page.getByTestId("stripe-pay")).toContainText("$");
  await expect(page.getByTestId("stripe-pay")).toBeEnabled();
  // Stripe.js got our publishable key and this intent's client secret.
  expect(await page.evaluate(() => (window as unknown as { __stripeKey: string }).__stripeKey)).toBe(STRIPE_PUBLISHABLE_KEY);

  // Pay: Stripe.js confirms and returns to the order page, which waits for the webhook.
  await page.getByTestId("stripe-pay").click();
  await expect(page).toHaveURL(new RegExp(`/order/${orderId}\\?payment_intent=${created.payment_intent_id}&payment_intent_client_secret=.+&redirect_status=succeeded$`));
  await expect(page.getByTestId("payment-processing")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Pending payment");
  expect(confirmed).toHaveLength(1);
  const paid = confirmed[0]!;
  expect(paid.id).toBe(created.payment_intent_id);
  expect(paid.amount).toBe(created.amount_minor);
  expect(paid.currency).toBe("usd");
  expect(paid.status).toBe("succeeded");

  // A webhook with a wrong signature is refused and changes nothing.
  const forged = await deliverWebhook("payment_intent.succeeded", paid, "whsec_not_the_secret");
  expect(forged.status).toBe(400);
  await page.waitForTimeout(2500);
  await expect(page.getByTestId("order-status")).toHaveText("Pending payment");

  // Stripe's signed payment_intent.succeeded: the page (polling) turns Paid by itself.
  const delivered = await deliverWebhook("payment_intent.succeeded", paid);
  expect(delivered.status, await delivered.clone().text()).toBe(200);
  // Paid (the shipping service may already have packed it).
  await expectPaid(page);
  await expect(page.getByTestId("payment-processing")).toHaveCount(0);
  const order = (await ordersOf(context)).results.find((o) => o.id === orderId)!;
  expect(order.status).toMatch(PAID_OR_LATER);
  expect(order.payment_method).toBe("stripe");

  // What was charged, as the API recorded it: the intent's USD amount at the intent's rate (1 INR = …).
  const charge = order.charge!;
  expect(charge, JSON.stringify(order)).toBeTruthy();
  expect(charge.gateway).toBe("stripe");
  expect(charge.currency).toBe("USD");
  expect(charge.amount).toBe(created.amount);
  const trimmed = (decimal: string | null) => (decimal ?? "").replace(/0+$/, "").replace(/\.$/, ""); // text, not arithmetic
  const rate = trimmed(charge.exchange_rate);
  expect(rate).toMatch(/^0\.\d+$/);
  expect(rate).toBe(trimmed(created.exchange_rate));
  const charged = `Charged ${formatMoney(charge.amount, "USD")} by card through Stripe (1 INR = ${rate} USD)`;
  await expect(page.getByTestId("order-charge")).toHaveText(charged);
  await expect(page.getByTestId("order-charge")).toHaveAttribute("data-currency", "USD");
  // The account's order list says the same.
  await page.goto("/account");
  await expect(page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).getByTestId("order-charge")).toHaveText(charged);

  // The Stripe page of a paid order goes back to the order (a real redirect, sent before its loading.tsx streams).
  const back = await page.request.get(`/payment/stripe/${orderId}`, { maxRedirects: 0 });
  expect(back.status()).toBe(307);
  expect(back.headers().location).toMatch(new RegExp(`/order/${orderId}$`));
  await page.goto(`/payment/stripe/${orderId}`);
  await expect(page).toHaveURL(new RegExp(`/order/${orderId}$`));
});
