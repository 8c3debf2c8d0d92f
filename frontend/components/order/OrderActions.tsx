"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { formatPrice } from "@/lib/format";
import { TEST_PAYMENT_LABEL, pay } from "@/lib/payment-client";
import { paymentPage } from "@/lib/payment-labels";
import { StoreError, store } from "@/lib/store-client";
import type { Order, OrderStatus } from "@/lib/types";
import { refreshSeconds } from "./status";

/** Re-renders the page from the server while payment or shipping may move the order. */
export function AutoRefresh({ status }: { status: OrderStatus }) {
  const router = useRouter();
  const every = refreshSeconds(status);
  useEffect(() => {
    if (!every) return;
    const t = window.setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, every * 1000);
    return () => window.clearInterval(t);
  }, [every, router]);
  return null;
}

const noSubscribe = () => () => {};

const NOTICE: Record<string, string> = {
  cancelled: "You closed the payment window. Your order is saved and waiting: pay now to confirm it.",
  failed: "The payment did not go through. Your order is saved and waiting: you can try again.",
};

/** The order awaiting payment: pay (or pay again after a cancelled or failed attempt). */
export function PaymentPanel({ order, notice }: { order: Pick<Order, "id" | "payment_method" | "total" | "reserved_until">; notice?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [intro, setIntro] = useState(notice && NOTICE[notice] ? NOTICE[notice] : "");

  // The checkout page leaves the gateway's own words behind for us (shown until the next attempt).
  const savedKey = `phonestore:payment-error:${order.id}`;
  const saved = useSyncExternalStore(noSubscribe, () => sessionStorage.getItem(savedKey) ?? "", () => "");
  const shownError = error || saved;

  async function onPay() {
    setBusy(true);
    setError("");
    setIntro("");
    sessionStorage.removeItem(savedKey);
    const outcome = await pay(order.payment_method, order.id);
    setBusy(false);
    if (outcome.kind === "paid") router.refresh();
    else if (outcome.kind === "cancelled") setIntro(NOTICE.cancelled!);
    else setError(outcome.message);
    if (outcome.kind !== "paid") router.refresh();
  }

  const dev = order.payment_method === "dev";
  const own = paymentPage(order.payment_method, order.id);
  return (
    <section className="rounded-xl border-2 border-amber-300 bg-amber-50 p-4" aria-labelledby="pay-heading" data-testid="payment-panel">
      <h2 id="pay-heading" className="text-lg font-bold">
        Payment pending
      </h2>
      {intro ? <p className="mt-1 text-sm">{intro}</p> : <p className="mt-1 text-sm">Pay {formatPrice(order.total)} to confirm your order.</p>}
      {shownError ? (
        <p role="alert" className="mt-2 rounded-md bg-red-100 px-3 py-2 text-sm text-red-900" data-testid="payment-error">
          {shownError}
        </p>
      ) : null}
      {own ? (
        <Link href={own} className="btn btn-primary mt-3" data-testid="pay-now">
          Pay now by card
        </Link>
      ) : (
      <button type="button" className="btn btn-primary mt-3" onClick={onPay} disabled={busy} data-testid={dev ? "test-pay" : "pay-now"}>
        {busy ? "Waiting for payment…" : dev ? TEST_PAYMENT_LABEL : `Pay ${formatPrice(order.total)} now`}
      </button>
      )}
      {dev ? <p className="mt-2 text-xs text-muted">Demo only: the order is marked paid and nobody is charged.</p> : null}
    </section>
  );
}

export function CancelOrder({ orderId }: { orderId: number }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function cancel() {
    setBusy(true);
    setError("");
    try {
      await store(`orders/${orderId}/cancel`, { method: "POST", body: {} });
      router.refresh();
    } catch (err) {
      setError(err instanceof StoreError ? err.message : "Could not cancel the order.");
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <div>
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm cancellation">
          <span className="text-sm">Cancel this order? Any payment is refunded.</span>
          <button type="button" className="btn btn-secondary py-1.5 text-sm" onClick={cancel} disabled={busy} data-testid="confirm-cancel">
            {busy ? "Cancelling…" : "Yes, cancel it"}
          </button>
          <button type="button" className="rounded-md px-2 py-1.5 text-sm" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="rounded-md px-2 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50" onClick={() => setConfirming(true)} data-testid="cancel-order">
          Cancel order
        </button>
      )}
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
