import type { Metadata } from "next";
import Link from "next/link";
import { formatAddress, formatDateTime, formatPrice, formatMobile } from "@/lib/format";
import { consoleMetadata, getStaffOrder } from "@/lib/server/staff";
import type { OrderAudit, StaffOrderDetail } from "@/lib/staff-types";
import { methodName } from "../../_components/labels";
import { StatusBadge } from "../../_components/StatusBadge";
import { OrderActions } from "./OrderActions";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return consoleMetadata({ title: `Order ${id}` });
}

const cell = "px-3 py-2 text-left align-top";
const num = "px-3 py-2 text-right align-top tabular-nums";

/**
 * One order for staff (GET /api/staff/orders/{id}/): what was bought and the units sent, where it goes, the money,
 * the parcel, and everything that happened to it. The actions are the API's: its next steps and open actions.
 */
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const order = await getStaffOrder((await params).id);
  const address = order.shipping_address;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/staff/orders" className="underline">
            Orders
          </Link>
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-bold sm:text-3xl">{order.number}</h1>
          <span data-testid="order-status">
            <StatusBadge status={order.status} label={order.status_label} />
          </span>
          {order.needs_review && (
            <span className="rounded-full bg-red-100 px-2.5 py-0.5 text-xs font-semibold text-red-900">Flagged: {order.review_reason}</span>
          )}
        </div>
        <p className="mt-1 text-sm text-muted">
          Placed {formatDateTime(order.created_at)} · {methodName(order.payment_method)} · {formatPrice(order.total)}
        </p>
      </div>

      <OrderActions order={order} />

      <div className="grid gap-6 lg:grid-cols-3">
        <Section id="lines" title="Lines" className="lg:col-span-2">
          <Lines order={order} />
        </Section>
        <Section id="customer" title="Ship to">
          <address className="not-italic" data-testid="address">
            <span className="font-semibold">{address.full_name}</span>
            <br />
            {formatAddress(address)}
            <br />
            Mobile {formatMobile(address.phone)}
          </address>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-muted">Account</dt>
            <dd>{order.customer_email ?? (order.customer_mobile ? formatMobile(order.customer_mobile) : "—")}</dd>
            {order.buyer_gstin && (
              <>
                <dt className="text-muted">GSTIN</dt>
                <dd className="font-mono">{order.buyer_gstin}</dd>
              </>
            )}
            <dt className="text-muted">Place of supply</dt>
            <dd>{order.place_of_supply || "—"}</dd>
          </dl>
        </Section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="money" title="Payments and refunds">
          <Payments order={order} />
        </Section>
        <Section id="parcel" title="Shipment and tracking">
          <Shipment order={order} />
        </Section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="history" title="Status history">
          <ol className="space-y-2 text-sm" data-testid="history">
            {order.history.map((h, i) => (
              <li key={i} className="flex flex-wrap gap-x-2">
                <span className="tabular-nums text-muted">{formatDateTime(h.created_at)}</span>
                <span className="font-medium">
                  {h.from_status ? `${h.from_status} → ` : ""}
                  {h.to_status}
                </span>
                <span className="text-muted">({h.source})</span>
                {h.note && <span>“{h.note}”</span>}
              </li>
            ))}
          </ol>
        </Section>
        <Section id="audit" title="Audit trail">
          <AuditTrail rows={order.audit} />
        </Section>
      </div>
    </div>
  );
}

function Section({ id, title, className = "", children }: { id: string; title: string; className?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className={`rounded-xl border border-gray-200 bg-white p-4 ${className}`}>
      <h2 id={`${id}-title`} className="mb-3 text-lg font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Lines({ order }: { order: StaffOrderDetail }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="lines">
        <thead className="border-b border-gray-200">
          <tr>
            <th scope="col" className={cell}>Item</th>
            <th scope="col" className={num}>Qty</th>
            <th scope="col" className={num}>Price</th>
            <th scope="col" className={num}>Total</th>
            <th scope="col" className={cell}>IMEIs</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {order.items.map((item) => (
            <tr key={item.id}>
              <td className={cell}>
                <div className="font-medium">{item.product_title}</div>
                <div className="text-xs text-muted">
                  {item.variant_label} · <span className="font-mono">{item.sku}</span> · HSN {item.hsn_code || "—"} · GST {item.gst_rate}%
                </div>
              </td>
              <td className={num}>{item.quantity}</td>
              <td className={num}>{formatPrice(item.unit_price)}</td>
              <td className={num}>{formatPrice(item.line_total)}</td>
              <td className={cell}>
                {!item.imei_required ? (
                  <span className="text-muted">Not needed</span>
                ) : item.units.length ? (
                  <ul className="font-mono text-xs" data-testid={`imeis-${item.id}`}>
                    {item.units.map((u) => (
                      <li key={u.id}>
                        {u.imeis.join(" / ")}
                        {u.returned_at && <span className="font-sans text-muted"> (returned)</span>}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="font-medium text-amber-900">To record</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-gray-200">
          <Total label="Subtotal" value={order.subtotal} />
          {Number(order.discount_total) > 0 && <Total label={`Coupon ${order.coupon_code}`} value={`-${order.discount_total}`} />}
          <Total label="Shipping" value={order.shipping_fee} />
          {Number(order.cod_fee) > 0 && <Total label="Cash on delivery fee" value={order.cod_fee} />}
          <Total label="Total (GST included)" value={order.total} strong />
          <Total label="of which GST" value={order.tax_total} />
        </tfoot>
      </table>
    </div>
  );
}

function Total({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <tr className={strong ? "font-bold" : ""}>
      <th scope="row" colSpan={3} className={num}>
        {label}
      </th>
      <td className={num}>{formatPrice(value)}</td>
      <td />
    </tr>
  );
}

function Payments({ order }: { order: StaffOrderDetail }) {
  if (!order.payments.length) return <p className="text-sm text-muted">No payment yet.</p>;
  return (
    <ul className="space-y-3 text-sm" data-testid="payments">
      {order.payments.map((p) => (
        <li key={p.id} className="rounded-lg border border-gray-200 p-3">
          <div className="flex flex-wrap justify-between gap-2">
            <span className="font-medium">
              {methodName(p.gateway)} · {p.status_label}
            </span>
            <span className="tabular-nums">
              {p.currency === "INR" ? formatPrice(p.amount) : `${p.amount} ${p.currency}`}
            </span>
          </div>
          <div className="text-xs text-muted">
            {formatDateTime(p.created_at)}
            {p.gateway_payment_id && <span className="font-mono"> · {p.gateway_payment_id}</span>}
          </div>
          {p.refunds.length > 0 && (
            <ul className="mt-2 border-t border-gray-100 pt-2">
              {p.refunds.map((r) => (
                <li key={r.id}>
                  Refund {p.currency === "INR" ? formatPrice(r.amount) : `${r.amount} ${p.currency}`} · {r.status}
                  {r.reason && ` · ${r.reason}`} · {formatDateTime(r.created_at)}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function Shipment({ order }: { order: StaffOrderDetail }) {
  const s = order.shipment;
  if (!s) return <p className="text-sm text-muted">Not booked with a carrier yet.</p>;
  return (
    <div className="text-sm" data-testid="shipment">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-muted">AWB</dt>
        <dd className="font-mono" data-testid="awb">
          {s.awb || "—"}
        </dd>
        <dt className="text-muted">Courier</dt>
        <dd>{s.courier || "—"}</dd>
        <dt className="text-muted">Status</dt>
        <dd>{s.status_label}</dd>
        {s.eta_date && (
          <>
            <dt className="text-muted">Expected</dt>
            <dd>{s.eta_date}</dd>
          </>
        )}
        {s.last_error && (
          <>
            <dt className="text-muted">Last error</dt>
            <dd className="text-red-800">{s.last_error}</dd>
          </>
        )}
      </dl>
      {s.tracking_url && (
        <a href={s.tracking_url} className="mt-2 inline-block underline" target="_blank" rel="noreferrer">
          Track at the carrier
        </a>
      )}
      {s.events.length > 0 && (
        <ol className="mt-3 space-y-1 border-t border-gray-100 pt-3" data-testid="tracking">
          {s.events.map((e, i) => (
            <li key={i}>
              <span className="tabular-nums text-muted">{formatDateTime(e.occurred_at)}</span> <span className="font-medium">{e.label}</span>
              {e.location && ` · ${e.location}`}
              {e.description && <span className="text-muted"> · {e.description}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** An audit row's change as "field: old → new" (values as JSON when they are not plain). */
function change(row: OrderAudit): string {
  const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const before = (row.old_values ?? {}) as Record<string, unknown>;
  const after = (row.new_values ?? {}) as Record<string, unknown>;
  return Object.keys(after)
    .map((k) => (k in before ? `${k}: ${show(before[k])} → ${show(after[k])}` : `${k}: ${show(after[k])}`))
    .join("; ");
}

function AuditTrail({ rows }: { rows: OrderAudit[] }) {
  if (!rows.length) return <p className="text-sm text-muted">Nothing recorded yet.</p>;
  return (
    <ol className="space-y-2 text-sm" data-testid="audit">
      {rows.map((row) => (
        <li key={row.id}>
          <div className="flex flex-wrap gap-x-2">
            <span className="tabular-nums text-muted">{formatDateTime(row.created_at)}</span>
            <span className="font-medium">{row.action.replaceAll("_", " ")}</span>
            <span className="text-muted">
              by {row.actor_label}
              {row.source && ` (${row.source})`}
            </span>
          </div>
          <div className="break-words text-xs text-muted">{change(row)}</div>
        </li>
      ))}
    </ol>
  );
}
