/** How payment methods are named to shoppers (server and client). */
export const TEST_PAYMENT_LABEL = "Test payment: no money moves";

export function methodLabel(code: string, fallback?: string): string {
  if (code === "dev") return TEST_PAYMENT_LABEL;
  if (code === "razorpay") return "Razorpay: UPI, cards, netbanking, wallets";
  if (code === "stripe") return STRIPE_LABEL;
  if (code === "cod") return COD_LABEL;
  return fallback || code;
}

export const STRIPE_LABEL = "Pay in another currency (card, Stripe)";
export const COD_LABEL = "Cash on delivery";

/** The methods the storefront can take a payment with (Stripe on its own page, /payment/stripe/[orderId]). */
export const PAYABLE_METHODS = ["razorpay", "dev", "stripe", "cod"];

/** Methods that finish on a page of their own rather than in a modal over checkout. */
export function paymentPage(method: string, orderId: number, currency?: string): string | null {
  // Cash on delivery is not paid now: the shopper confirms the order with the code sent to its mobile.
  if (method === "cod") return `/order/${orderId}/confirm`;
  if (method !== "stripe") return null;
  return `/payment/stripe/${orderId}${currency ? `?currency=${encodeURIComponent(currency)}` : ""}`;
}
