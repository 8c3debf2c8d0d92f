/**
 * Stripe.js, loaded once per publishable key (from js.stripe.com, as Stripe requires: never bundled).
 * `loadStripe` injects the script on first use only, so pages without a payment never load it.
 */
"use client";

import { loadStripe, type Stripe } from "@stripe/stripe-js";

const loaded = new Map<string, Promise<Stripe | null>>();

export function getStripe(publishableKey: string): Promise<Stripe | null> {
  let p = loaded.get(publishableKey);
  if (!p) {
    p = loadStripe(publishableKey).catch((err: unknown) => {
      loaded.delete(publishableKey);
      throw err;
    });
    loaded.set(publishableKey, p);
  }
  return p;
}
