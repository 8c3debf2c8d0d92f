"use client";

import type { PaymentMethod } from "@/lib/types";
import { formatMoney, orderCurrencies } from "./money";

export function defaultStripeCurrency(method: PaymentMethod | undefined): string {
  return orderCurrencies(method?.currencies ?? [])[0] ?? "";
}

/**
 * Under the "Pay in another currency" choice at checkout: the currency to pay in (those with a fresh rate)
 * and what the cart comes to in it, as the server rounded it (`totals` is the cart's `total_in_currencies`;
 * nothing is shown for a currency missing from it). The charge itself is converted again on the Stripe page.
 */
export function StripeCheckoutOption({ method, currency, onChange, totals }: { method: PaymentMethod | undefined; currency: string; onChange: (c: string) => void; totals: Record<string, string> }) {
  const codes = orderCurrencies(method?.currencies ?? []);
  if (!method || !codes.length) return null;
  const amount = Object.hasOwn(totals, currency) ? totals[currency] : undefined;
  const approx = amount ? formatMoney(amount, currency) : "";
  return (
    <div className="mt-3 rounded-lg bg-gray-50 p-3 text-sm" data-testid="stripe-option">
      <label htmlFor="stripe-currency" className="font-semibold">
        Currency
      </label>{" "}
      <select id="stripe-currency" value={currency} onChange={(e) => onChange(e.target.value)} className="ml-2 rounded border border-gray-300 px-2 py-1" data-testid="stripe-currency">
        {codes.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {approx ? (
        <span className="ml-2 text-muted" data-testid="stripe-approx">
          about {approx}
        </span>
      ) : null}
      <p className="mt-1 text-muted">You pay by card through Stripe on the next page, where the exact amount is shown.</p>
    </div>
  );
}
