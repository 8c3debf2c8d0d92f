/** How payment methods are named to shoppers (server and client). */
export const TEST_PAYMENT_LABEL = "Test payment: no money moves";

export function methodLabel(code: string, fallback?: string): string {
  if (code === "dev") return TEST_PAYMENT_LABEL;
  if (code === "razorpay") return "Razorpay: UPI, cards, netbanking, wallets";
  return fallback || code;
}

/** The methods the storefront can take a payment with. */
export const PAYABLE_METHODS = ["razorpay", "dev"];
