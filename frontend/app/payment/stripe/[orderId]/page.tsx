import type { Metadata } from "next";
import { StripePayment } from "@/components/payment/stripe/StripePayment";
import { orderCurrencies } from "@/components/payment/stripe/money";
import { formatPrice } from "@/lib/format";
import { getStripePayableOrder, pageApi } from "@/lib/server/account";
import type { StripeQuote } from "@/lib/types";

export const metadata: Metadata = { title: "Pay by card (Stripe)", robots: { index: false, follow: false } };

/**
 * /payment/stripe/[orderId]: the owner's order awaiting a Stripe payment. The server reads the order (a
 * stranger's is a 404) and its total in each currency Stripe can charge now; the browser opens the
 * PaymentIntent for the chosen currency and shows Stripe's Payment Element. Anything not payable here goes
 * to the order page (checked first in layout.tsx, so that redirect, the sign-in one and the 404 are sent
 * before the loading skeleton streams).
 */
export default async function StripePaymentPage({ params, searchParams }: PageProps<"/payment/stripe/[orderId]">) {
  const { orderId } = await params;
  const { currency } = await searchParams;
  const order = await getStripePayableOrder(orderId);
  const quote = (await pageApi<StripeQuote>(`/api/payments/stripe/quote/?order_id=${order.id}`)).body;
  const codes = orderCurrencies((quote?.options ?? []).map((o) => o.currency));
  const options = codes.map((c) => quote!.options.find((o) => o.currency === c)!);
  const wanted = typeof currency === "string" ? currency.toUpperCase() : "";
  const initial = codes.includes(wanted) ? wanted : (codes[0] ?? "");

  return (
    <div className="mx-auto max-w-2xl space-y-6" data-testid="stripe-page" data-order-id={order.id}>
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">Pay for order {order.number}</h1>
        <p className="text-sm text-muted">
          Order total {formatPrice(order.total)}, GST included. Pay by card in the currency you prefer.
        </p>
      </div>
      {!quote || !options.length ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800" data-testid="stripe-unavailable">
          Card payments in other currencies are not available just now. Your order is saved: please try again shortly.
        </p>
      ) : (
        <StripePayment orderId={order.id} total={order.total} options={options} initialCurrency={initial} />
      )}
    </div>
  );
}
