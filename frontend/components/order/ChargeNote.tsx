import { formatMoney, trimDecimal } from "@/components/payment/stripe/money";
import { formatPrice } from "@/lib/format";
import type { Order } from "@/lib/types";

const THROUGH: Record<string, string> = {
  stripe: "by card through Stripe",
  razorpay: "via Razorpay",
  dev: "via test payment",
};

const AFTERWARDS: Record<string, string> = {
  FLAGGED: " (under review)",
  REFUND_PENDING: " (refund pending)",
  REFUNDED: " (refunded)",
};

/**
 * What the payment that took the order's money charged, as the API recorded it (`order.charge`): in
 * another currency the amount and the rate it was charged at ("Charged $475.98 by card through Stripe
 * (1 INR = 0.0119 USD)"), in the order's own currency a short "Paid ₹… via Razorpay". Nothing before payment.
 */
export function ChargeNote({ order, className }: { order: Order; className?: string }) {
  const charge = order.charge;
  if (!charge) return null;
  const through = THROUGH[charge.gateway] ?? `via ${charge.gateway}`;
  const after = AFTERWARDS[charge.status] ?? "";
  const foreign = charge.currency.toUpperCase() !== order.currency.toUpperCase();
  return (
    <span className={className} data-testid="order-charge" data-currency={charge.currency}>
      {foreign ? (
        <>
          Charged {formatMoney(charge.amount, charge.currency)} {through}
          {charge.exchange_rate ? ` (1 ${order.currency} = ${trimDecimal(charge.exchange_rate)} ${charge.currency})` : ""}
          {after}
        </>
      ) : (
        <>
          Paid {charge.currency.toUpperCase() === "INR" ? formatPrice(charge.amount) : formatMoney(charge.amount, charge.currency)} {through}
          {after}
        </>
      )}
    </span>
  );
}
