"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { formatPrice } from "@/lib/format";
import { StoreError, store } from "@/lib/store-client";
import type { StripeIntent, StripeQuote } from "@/lib/types";
import { formatMoney } from "./money";
import { getStripe } from "./stripe-js";

type IntentState = { currency: string; intent?: StripeIntent; error?: string };

/**
 * The Stripe payment page's interactive part: the currency picker (the order's total in each currency the
 * API can charge now), a PaymentIntent per chosen currency from /api/payments/stripe/create/ (the server
 * converts and prices; changing the currency cancels the previous intent there), and Stripe's Payment
 * Element for it. A successful confirmation redirects to /order/[id], which waits for Stripe's webhook.
 */
export function StripePayment({ orderId, total, options, initialCurrency }: { orderId: number; total: string; options: StripeQuote["options"]; initialCurrency: string }) {
  const [currency, setCurrency] = useState(initialCurrency);
  const [state, setState] = useState<IntentState>({ currency: "" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    store<StripeIntent>("payments/stripe/create", { method: "POST", body: { order_id: orderId, currency } })
      .then((intent) => live && setState({ currency, intent }))
      .catch((err: unknown) => live && setState({ currency, error: err instanceof StoreError ? err.message : "The payment could not be started. Please try again." }));
    return () => {
      live = false;
    };
  }, [orderId, currency, attempt]);

  const current = state.currency === currency ? state : null;
  const chosen = options.find((o) => o.currency === currency);

  return (
    <div className="space-y-6">
      <fieldset className="rounded-xl border border-gray-200 p-4" data-testid="stripe-currencies">
        <legend className="px-1 text-lg font-bold">Pay in</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {options.map((o) => (
            <label key={o.currency} className={`flex cursor-pointer items-center justify-between gap-3 rounded-lg border p-3 text-sm ${o.currency === currency ? "border-brand-700 bg-brand-50" : "border-gray-300"}`}>
              <span className="flex items-center gap-2">
                <input type="radio" name="currency" value={o.currency} checked={o.currency === currency} onChange={() => setCurrency(o.currency)} data-testid={`currency-${o.currency}`} />
                <span className="font-semibold">{o.currency}</span>
              </span>
              <span className="font-bold">{formatMoney(o.amount, o.currency)}</span>
            </label>
          ))}
        </div>
        {chosen && chosen.currency !== "INR" ? (
          <p className="mt-2 text-xs text-muted">
            {formatPrice(total)} at 1 INR = {chosen.exchange_rate} {chosen.currency}. Your card issuer may add its own fees.
          </p>
        ) : null}
      </fieldset>

      <section className="rounded-xl border border-gray-200 p-4" aria-labelledby="card-heading">
        <h2 id="card-heading" className="mb-3 text-lg font-bold">
          Card details
        </h2>
        {!current ? (
          <p className="text-sm text-muted" role="status" data-testid="stripe-loading">
            Preparing a secure payment in {currency}…
          </p>
        ) : current.error ? (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="stripe-error">
            {current.error}{" "}
            <button type="button" className="font-semibold underline" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        ) : current.intent ? (
          <Elements key={current.intent.client_secret} stripe={getStripe(current.intent.publishable_key)} options={{ clientSecret: current.intent.client_secret, appearance: { theme: "stripe" } }}>
            <PayForm orderId={orderId} intent={current.intent} />
          </Elements>
        ) : null}
      </section>
      <p className="text-sm">
        <Link href={`/order/${orderId}`} className="text-brand-700 hover:underline">
          Back to your order
        </Link>
      </p>
    </div>
  );
}

function PayForm({ orderId, intent }: { orderId: number; intent: StripeIntent }) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || busy) return;
    setBusy(true);
    setError("");
    // On success Stripe.js leaves for return_url (with payment_intent and redirect_status): the order page,
    // which shows the payment as processing until Stripe's webhook has confirmed it.
    const { error: failure } = await stripe.confirmPayment({ elements, confirmParams: { return_url: `${window.location.origin}/order/${orderId}` } });
    setBusy(false);
    setError(failure?.message || "The payment could not be completed. Please try again.");
  }

  const label = formatMoney(intent.amount, intent.currency);
  return (
    <form onSubmit={submit} data-testid="stripe-form" data-intent={intent.payment_intent_id}>
      <PaymentElement onReady={() => setReady(true)} options={{ layout: "tabs" }} />
      {error ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="stripe-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary mt-4 w-full py-3 text-base" disabled={!stripe || !elements || !ready || busy} data-testid="stripe-pay">
        {busy ? "Processing…" : `Pay ${label}`}
      </button>
      <p className="mt-2 text-xs text-muted">Card details go straight to Stripe; PhoneStore never sees them.</p>
    </form>
  );
}
