import type { Metadata } from "next";
import Link from "next/link";
import { Totals } from "@/components/cart/Totals";
import { ChargeNote } from "@/components/order/ChargeNote";
import { Returns } from "@/components/order/Returns";
import { AutoRefresh, CancelOrder, PaymentPanel } from "@/components/order/OrderActions";
import { StripeProcessing } from "@/components/payment/stripe/StripeReturn";
import { StatusBadge } from "@/components/order/StatusBadge";
import { TaxDocuments } from "@/components/order/TaxDocuments";
import { Timeline } from "@/components/order/Timeline";
import { formatAddress, formatDate, formatDateTime, formatPrice } from "@/lib/format";
import { methodLabel } from "@/lib/payment-labels";
import { getOrder, getReturns, getTracking, requireUser } from "@/lib/server/account";

export const metadata: Metadata = { title: "Your order", robots: { index: false, follow: false } };

export default async function OrderPage({ params, searchParams }: PageProps<"/order/[id]">) {
  const { id } = await params;
  const { payment: notice, redirect_status: stripeStatus } = await searchParams;
  // Back from Stripe (its return_url adds redirect_status): a failed attempt is a "failed" notice; a
  // succeeded or processing one waits for the webhook.
  const payment = stripeStatus === "failed" ? "failed" : notice;
  const stripeProcessing = stripeStatus === "succeeded" || stripeStatus === "processing";
  await requireUser(`/order/${id}`);
  const order = await getOrder(id);
  // Returns exist only for a delivered order (or one refunded after it shipped); before that, no call.
  const [tracking, returns] = await Promise.all([
    order.status === "PENDING_PAYMENT" || order.status === "CONFIRMATION_PENDING" ? null : getTracking(order.id),
    order.status === "DELIVERED" || order.status === "REFUNDED" ? getReturns(order.id) : null,
  ]);
  const cod = order.payment_method === "cod";
  const a = order.shipping_address;
  const events = tracking?.events ?? [];

  return (
    <div className="space-y-8" data-testid="order-page" data-order-id={order.id}>
      <AutoRefresh status={order.status} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-muted">
            <Link href="/account" className="hover:underline">
              Your account
            </Link>{" "}
            / Orders
          </p>
          <h1 className="text-2xl font-bold sm:text-3xl">
            Order <span data-testid="order-number">{order.number}</span>
          </h1>
          <p className="text-sm text-muted">Placed {formatDateTime(order.created_at)}</p>
        </div>
        <div className="flex items-center gap-3">
          <StatusBadge status={order.status} label={order.status_label} testId="order-status" />
          {order.can_cancel ? <CancelOrder orderId={order.id} /> : null}
        </div>
      </div>

      <Timeline order={order} />

      {order.status === "PENDING_PAYMENT" && stripeProcessing ? <StripeProcessing /> : null}
      {order.status === "PENDING_PAYMENT" && !stripeProcessing ? <PaymentPanel order={order} notice={typeof payment === "string" ? payment : undefined} /> : null}
      {cod && order.status === "CONFIRMATION_PENDING" ? (
        <section className="rounded-xl border-2 border-amber-300 bg-amber-50 p-4 text-sm" data-testid="cod-awaiting-code">
          <h2 className="text-lg font-bold">Confirm your order</h2>
          <p>We sent a code to {order.shipping_address.phone ? `+91 ${order.shipping_address.phone}` : "your mobile"}: confirm the order with it, or it is cancelled.</p>
          <Link href={`/order/${order.id}/confirm`} className="btn btn-primary mt-3">
            Enter the code
          </Link>
        </section>
      ) : null}
      {cod && (order.status === "CONFIRMED" || order.status === "PACKED" || order.status === "SHIPPED") ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm font-semibold text-amber-900" role="status" data-testid="cod-due">
          Pay {formatPrice(order.total)} in cash when it arrives.
        </p>
      ) : null}
      {cod && order.paid_at && (order.status === "DELIVERED" || order.status === "REFUNDED") ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm font-semibold text-green-900" role="status" data-testid="cod-paid">
          Paid in cash: {formatPrice(order.total)} on delivery.
        </p>
      ) : null}
      {order.status === "PAID" && payment === undefined && order.paid_at ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm font-semibold text-green-900" role="status">
          Thank you! Your payment of {formatPrice(order.total)} is received.
        </p>
      ) : null}

      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-8">
          <section aria-labelledby="items-heading">
            <h2 id="items-heading" className="mb-2 text-lg font-bold">
              Items
            </h2>
            <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200" data-testid="order-items">
              {order.items.map((item) => (
                <li key={item.id} className="flex justify-between gap-4 p-3 text-sm" data-testid="order-item">
                  <div>
                    <p className="font-semibold">{item.product_title}</p>
                    <p className="text-muted">
                      {item.variant_label} · {formatPrice(item.unit_price)} × {item.quantity}
                    </p>
                  </div>
                  <p className="font-bold">{formatPrice(item.line_total)}</p>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="shipment-heading">
            <h2 id="shipment-heading" className="mb-2 text-lg font-bold">
              Shipment
            </h2>
            {tracking?.shipment ? (
              <div className="rounded-xl border border-gray-200 p-3 text-sm" data-testid="shipment">
                <p>
                  <span className="font-semibold">{tracking.shipment.courier}</span> · AWB <span data-testid="awb">{tracking.shipment.awb}</span> ·{" "}
                  <span data-testid="shipment-status">{tracking.shipment.status_label || tracking.shipment.status}</span>
                </p>
                {tracking.shipment.eta_date ? <p className="text-muted">Expected by {formatDate(tracking.shipment.eta_date)}</p> : null}
              </div>
            ) : (
              <p className="text-sm text-muted" data-testid="no-shipment">
                {order.status === "PENDING_PAYMENT"
                  ? "We ship once the payment is received."
                  : order.status === "CONFIRMATION_PENDING"
                    ? "We ship once you confirm the order with its code."
                  : order.status === "CANCELLED" || order.status === "REFUNDED"
                    ? "This order will not ship."
                    : "Not shipped yet: the courier and tracking number appear here once it ships."}
              </p>
            )}
            {events.length ? (
              <ol className="mt-3 space-y-2 border-l-2 border-gray-200 pl-4 text-sm" data-testid="tracking-events">
                {events.map((ev, i) => (
                  <li key={`${ev.occurred_at}-${i}`}>
                    <p className="font-semibold">{ev.description || ev.status}</p>
                    <p className="text-muted">
                      {formatDateTime(ev.occurred_at)}
                      {ev.location ? ` · ${ev.location}` : ""}
                    </p>
                  </li>
                ))}
              </ol>
            ) : null}
          </section>

          {returns ? <Returns order={order} returns={returns} /> : null}
        </div>

        <aside className="space-y-4">
          <Totals
            title="Order total"
            t={{
              mrp_total: order.mrp_total,
              savings: order.savings,
              subtotal: order.subtotal,
              shipping_fee: order.shipping_fee,
              gst: order.tax_total,
              total: order.total,
              coupon_discount: order.discount_total,
              coupon_code: order.coupon_code || undefined,
              cod_fee: order.cod_fee,
            }}
          />
          <section aria-labelledby="address-heading" className="rounded-xl border border-gray-200 p-4 text-sm">
            <h2 id="address-heading" className="font-bold">
              Delivery address
            </h2>
            <p className="mt-1">
              {a.full_name} · {a.phone}
            </p>
            <p className="text-muted">{formatAddress(a)}</p>
          </section>
          <p className="text-sm text-muted">Payment: {methodLabel(order.payment_method)}</p>
          {cod ? null : <ChargeNote order={order} className="block rounded-md bg-gray-50 px-3 py-2 text-sm" />}
          <TaxDocuments order={order} />
        </aside>
      </div>
    </div>
  );
}
