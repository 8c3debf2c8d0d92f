/**
 * Paying an order from the browser: Razorpay's standard checkout.js modal with the options from
 * /api/payments/razorpay/create/, its handler's signature checked by /api/payments/razorpay/verify/;
 * or the dev gateway's test payment. The money is always the server's (the order's total).
 */
"use client";

import { StoreError, store } from "./store-client";
import type { PaymentResult, RazorpayCheckout } from "./types";

export { PAYABLE_METHODS, TEST_PAYMENT_LABEL, methodLabel } from "./payment-labels";

export const RAZORPAY_SCRIPT = "https://checkout.razorpay.com/v1/checkout.js";

interface RazorpayResponse {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

interface RazorpayInstance {
  open(): void;
  on(event: "payment.failed", cb: (r: { error?: { description?: string } }) => void): void;
}

declare global {
  interface Window {
    Razorpay?: new (options: Record<string, unknown>) => RazorpayInstance;
  }
}

let loading: Promise<void> | null = null;

function loadCheckoutJs(): Promise<void> {
  if (window.Razorpay) return Promise.resolve();
  loading ??= new Promise<void>((resolve, reject) => {
    const s = document.createElement("script");
    s.src = RAZORPAY_SCRIPT;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => {
      loading = null;
      s.remove();
      reject(new StoreError(0, "razorpay_unavailable", "Razorpay’s payment window could not be loaded. Check your connection and try again."));
    };
    document.head.appendChild(s);
  });
  return loading;
}

export type PaymentOutcome =
  | { kind: "paid"; result: PaymentResult }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string };

/** Opens the Razorpay modal for the order and settles when it is paid and verified, closed, or refused. */
export async function payWithRazorpay(orderId: number): Promise<PaymentOutcome> {
  const [opts] = await Promise.all([store<RazorpayCheckout>("payments/razorpay/create", { method: "POST", body: { order_id: orderId } }), loadCheckoutJs()]);
  const Razorpay = window.Razorpay;
  if (!Razorpay) return { kind: "failed", message: "Razorpay’s payment window could not be loaded." };
  return new Promise<PaymentOutcome>((resolve) => {
    let lastError = "";
    let settled = false;
    const done = (o: PaymentOutcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const rzp = new Razorpay({
      key: opts.key_id,
      amount: opts.amount,
      currency: opts.currency,
      name: opts.name,
      description: opts.description,
      order_id: opts.razorpay_order_id,
      prefill: opts.prefill,
      notes: opts.notes,
      theme: { color: "#4338ca" },
      handler: async (r: RazorpayResponse) => {
        try {
          const result = await store<PaymentResult>("payments/razorpay/verify", {
            method: "POST",
            body: { razorpay_order_id: r.razorpay_order_id, razorpay_payment_id: r.razorpay_payment_id, razorpay_signature: r.razorpay_signature },
          });
          done(result.order_status === "PENDING_PAYMENT" && result.status !== "PAID"
            ? { kind: "failed", message: "The payment was not completed. You can try again." }
            : { kind: "paid", result });
        } catch (err) {
          done({ kind: "failed", message: err instanceof StoreError ? err.message : "We could not confirm the payment." });
        }
      },
      modal: {
        ondismiss: () => done(lastError ? { kind: "failed", message: lastError } : { kind: "cancelled" }),
      },
    });
    rzp.on("payment.failed", (r) => {
      lastError = r.error?.description || "The payment failed.";
    });
    rzp.open();
  });
}

export async function payWithTestGateway(orderId: number): Promise<PaymentOutcome> {
  const result = await store<PaymentResult>("payments/dev/confirm", { method: "POST", body: { order_id: orderId } });
  return { kind: "paid", result };
}

export async function pay(method: string, orderId: number): Promise<PaymentOutcome> {
  try {
    if (method === "razorpay") return await payWithRazorpay(orderId);
    if (method === "dev") return await payWithTestGateway(orderId);
    return { kind: "failed", message: "This payment method can’t be completed here yet." };
  } catch (err) {
    return { kind: "failed", message: err instanceof StoreError ? err.message : "The payment could not be started." };
  }
}
