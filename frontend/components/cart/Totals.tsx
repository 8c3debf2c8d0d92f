import { formatPrice } from "@/lib/format";

/** Money as the API computed it: the storefront only formats it. */
export interface TotalsData {
  mrp_total: string;
  savings: string;
  subtotal: string;
  shipping_fee: string;
  gst: string;
  total: string;
  /** A coupon's discount (already off the total) and its code; absent or "0.00" without one. */
  coupon_discount?: string;
  coupon_code?: string;
  /** Cash on delivery's fee (already in the total); absent or "0.00" otherwise. */
  cod_fee?: string;
}

export function Totals({ t, title = "Price details" }: { t: TotalsData; title?: string }) {
  const couponOff = Number(t.coupon_discount ?? 0) > 0;
  const saving = Number(t.savings) + (couponOff ? Number(t.coupon_discount) : 0);
  const saved = saving > 0;
  return (
    <section aria-labelledby="totals-heading" className="rounded-xl border border-gray-200 p-4" data-testid="totals">
      <h2 id="totals-heading" className="text-lg font-bold">
        {title}
      </h2>
      <dl className="mt-3 space-y-2 text-sm">
        <div className="flex justify-between">
          <dt>Price (MRP)</dt>
          <dd data-testid="totals-mrp">{formatPrice(t.mrp_total)}</dd>
        </div>
        {Number(t.savings) > 0 ? (
          <div className="flex justify-between text-deal">
            <dt>Discount</dt>
            <dd data-testid="totals-savings">−{formatPrice(t.savings)}</dd>
          </div>
        ) : null}
        <div className="flex justify-between">
          <dt>Subtotal</dt>
          <dd data-testid="totals-subtotal">{formatPrice(t.subtotal)}</dd>
        </div>
        {couponOff ? (
          <div className="flex justify-between text-deal">
            <dt>Coupon{t.coupon_code ? ` (${t.coupon_code})` : ""}</dt>
            <dd data-testid="totals-coupon">−{formatPrice(t.coupon_discount ?? "0")}</dd>
          </div>
        ) : null}
        <div className="flex justify-between">
          <dt>Delivery</dt>
          <dd data-testid="totals-shipping">{Number(t.shipping_fee) > 0 ? formatPrice(t.shipping_fee) : "Free"}</dd>
        </div>
        {Number(t.cod_fee ?? 0) > 0 ? (
          <div className="flex justify-between">
            <dt>Cash on delivery fee</dt>
            <dd data-testid="totals-cod-fee">{formatPrice(t.cod_fee ?? "0")}</dd>
          </div>
        ) : null}
        <div className="flex justify-between border-t border-gray-200 pt-2 text-base font-bold">
          <dt>Total</dt>
          <dd data-testid="totals-total">{formatPrice(t.total)}</dd>
        </div>
        <div className="flex justify-between text-xs text-muted">
          <dt>GST included in the total</dt>
          <dd data-testid="totals-gst">{formatPrice(t.gst)}</dd>
        </div>
      </dl>
      {saved ? (
        <p className="mt-3 rounded-md bg-green-50 px-3 py-2 text-sm font-semibold text-deal" data-testid="totals-saved">
          You save {formatPrice(saving.toFixed(2))} on this order
        </p>
      ) : null}
    </section>
  );
}

export function cartTotals(c: {
  mrp_total: string;
  savings: string;
  subtotal: string;
  shipping_fee: string;
  gst_total: string;
  total: string;
  discount_total?: string;
  coupon?: { code: string; applied: boolean } | null;
}): TotalsData {
  return {
    mrp_total: c.mrp_total,
    savings: c.savings,
    subtotal: c.subtotal,
    shipping_fee: c.shipping_fee,
    gst: c.gst_total,
    total: c.total,
    coupon_discount: c.discount_total,
    coupon_code: c.coupon?.applied ? c.coupon.code : undefined,
  };
}
