"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Back from Stripe (return_url with redirect_status=succeeded|processing) while the order still waits for
 * payment: Stripe has taken the card, but only its signed webhook marks the order paid. Says so, and asks
 * the server for the order again every 2 s until it is paid (then the page no longer renders this).
 */
export function StripeProcessing() {
  const router = useRouter();
  useEffect(() => {
    const t = window.setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, 2000);
    return () => window.clearInterval(t);
  }, [router]);
  return (
    <section className="rounded-xl border-2 border-sky-300 bg-sky-50 p-4" role="status" data-testid="payment-processing">
      <h2 className="text-lg font-bold">Payment processing</h2>
      <p className="mt-1 text-sm">Stripe has your payment; we are waiting for its confirmation. This page updates by itself, usually within seconds.</p>
    </section>
  );
}
