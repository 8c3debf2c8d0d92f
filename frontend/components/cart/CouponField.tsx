"use client";

import { useState } from "react";
import { formatPrice } from "@/lib/format";
import { StoreError, store } from "@/lib/store-client";
import type { Cart } from "@/lib/types";

/** The cart's coupon: a code to apply, or the applied one with its saving (or why it stopped applying) and a
 * way to take it off. The API checks every rule; a refusal's message is shown as the API wrote it. */
export function CouponField({ cart, onCart }: { cart: Cart; onCart: (next: Cart) => void }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const coupon = cart.coupon;

  async function send(method: "POST" | "DELETE") {
    setBusy(true);
    setError("");
    try {
      const next = await store<Cart>("cart/coupon", method === "POST" ? { method, body: { code: code.trim() } } : { method });
      onCart(next);
      setCode("");
    } catch (err) {
      setError(err instanceof StoreError ? (err.fields.code?.[0] ?? err.message) : "Could not apply the coupon. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  if (coupon) {
    return (
      <section aria-labelledby="coupon-heading" className="rounded-xl border border-gray-200 p-4 text-sm" data-testid="coupon">
        <h2 id="coupon-heading" className="font-bold">
          Coupon
        </h2>
        <div className="mt-2 flex items-start justify-between gap-2">
          <div>
            <p className="font-mono font-semibold" data-testid="coupon-code">
              {coupon.code}
            </p>
            {coupon.applied ? (
              <p className="font-semibold text-deal" data-testid="coupon-saving">
                {coupon.message || `You save ${formatPrice(coupon.discount)}`}
              </p>
            ) : (
              <p role="alert" className="text-red-700" data-testid="coupon-not-applied">
                {coupon.message}
              </p>
            )}
          </div>
          <button type="button" className="min-h-9 rounded-md px-2 font-medium text-brand-800 hover:bg-brand-50" disabled={busy} onClick={() => send("DELETE")} data-testid="coupon-remove">
            Remove<span className="sr-only"> coupon {coupon.code}</span>
          </button>
        </div>
        {error ? (
          <p role="alert" className="mt-2 text-red-700">
            {error}
          </p>
        ) : null}
      </section>
    );
  }

  return (
    <form
      aria-labelledby="coupon-heading"
      className="rounded-xl border border-gray-200 p-4 text-sm"
      data-testid="coupon"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) void send("POST");
      }}
    >
      <h2 id="coupon-heading" className="font-bold">
        <label htmlFor="coupon-code">Have a coupon?</label>
      </h2>
      <div className="mt-2 flex gap-2">
        <input
          id="coupon-code"
          name="coupon"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          maxLength={32}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="Enter code"
          className="min-w-0 flex-1 rounded-md border border-gray-400 px-3 py-2 uppercase"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "coupon-error" : undefined}
          data-testid="coupon-input"
        />
        <button type="submit" className="btn btn-primary" disabled={busy || !code.trim()} data-testid="coupon-apply">
          {busy ? "Applying…" : "Apply"}
        </button>
      </div>
      {error ? (
        <p id="coupon-error" role="alert" className="mt-2 text-red-700" data-testid="coupon-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
