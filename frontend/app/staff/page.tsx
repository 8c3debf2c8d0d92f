import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, formatDateTime, formatPrice, formatStorage, plural } from "@/lib/format";
import { consoleMetadata, getDashboard } from "@/lib/server/staff";
import type { Dashboard, DaySales } from "@/lib/staff-types";
import { Figure } from "./_components/Figure";
import { methodName, shortDay } from "./_components/labels";
import { BrandChart, PaymentMixChart, RatesChart, SalesPerDayChart } from "./_components/Charts";
import { Pickups } from "./_components/Pickups";

// The layout's title template is for the console's deeper pages; this one is in the layout's own segment.
export function generateMetadata(): Promise<Metadata> {
  return consoleMetadata({ title: "Today · Staff" });
}

const cell = "px-3 py-2 text-left";
const num = "px-3 py-2 text-right tabular-nums";

/** Today: what waits for staff now, and how the last days sold (GET /api/staff/reports/dashboard/). */
export default async function TodayPage() {
  const dashboard = await getDashboard();
  const { queues, window } = dashboard;
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">Today</h1>
        <p className="mt-1 text-sm text-muted">{formatDate(window.until)}</p>
      </div>

      <section aria-labelledby="waiting">
        <h2 id="waiting" className="mb-3 text-xl font-bold">
          Waiting for you
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Count id="to_pack" href="/staff/orders?queue=to_pack" label="To pack" value={queues.to_pack} hint="Paid, or cash on delivery confirmed" />
          <Count id="to_ship" href="/staff/orders?queue=to_ship" label="To hand to the carrier" value={queues.to_ship} hint="Packed, awaiting pickup" />
          <Count id="cod_to_confirm" href="/staff/orders?queue=cod_to_confirm" label="Cash on delivery to confirm" value={queues.cod_to_confirm} hint="Awaiting the shopper's code" />
          <Count id="needs_review" href="/staff/orders?queue=needs_review" label="Flagged for review" value={queues.needs_review} hint="A payment did not match" />
          <Count
            id="returns_waiting"
            label="Returns waiting"
            value={queues.returns_waiting}
            hint={queues.returns_by_status.map((r) => `${r.status_label}: ${r.count}`).join(" · ")}
          />
          <Count id="low_stock" label="Low stock" value={queues.low_stock.count} hint={`Fewer than ${plural(queues.low_stock.threshold, "unit")}`} />
        </dl>
      </section>

      <Pickups />
      <Charts dashboard={dashboard} />
      <LowStock dashboard={dashboard} />
    </div>
  );
}

/** A queue's count; an order queue's label links to the order list filtered by it (the same orders: ?queue=). */
function Count({ id, label, value, hint, href }: { id: string; label: string; value: number; hint: string; href?: string }) {
  return (
    <div className="flex flex-col rounded-xl border border-gray-200 bg-white p-4">
      <dt className="order-2 font-medium">
        {href ? (
          <Link href={href} className="text-brand-800 underline" data-testid={`queue-link-${id}`}>
            {label}
          </Link>
        ) : (
          label
        )}
      </dt>
      <dd className="order-1 text-3xl font-bold tabular-nums" data-testid={`queue-${id}`}>
        {value.toLocaleString("en-IN")}
      </dd>
      <dd className="order-3 mt-1 text-xs text-muted">{hint}</dd>
    </div>
  );
}

function LowStock({ dashboard }: { dashboard: Dashboard }) {
  const { count, threshold, variants } = dashboard.queues.low_stock;
  return (
    <section aria-labelledby="low-stock">
      <h2 id="low-stock" className="mb-1 text-xl font-bold">
        Low stock
      </h2>
      <p className="mb-3 text-sm text-muted">
        {count
          ? `${plural(count, "variant")} on sale with fewer than ${plural(threshold, "unit")} (LOW_STOCK_THRESHOLD)${count > variants.length ? `; the ${variants.length} lowest:` : "."}`
          : `Every variant on sale has ${plural(threshold, "unit")} or more.`}
      </p>
      {variants.length > 0 && (
        <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white">
          <table className="w-full text-sm" data-testid="low-stock">
            <caption className="sr-only">Variants low in stock, fewest units first</caption>
            <thead className="border-b border-gray-200 bg-gray-50">
              <tr>
                <th scope="col" className={cell}>Phone</th>
                <th scope="col" className={cell}>Variant</th>
                <th scope="col" className={cell}>SKU</th>
                <th scope="col" className={num}>In stock</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {variants.map((v) => (
                <tr key={v.id}>
                  <td className={cell}>
                    <Link href={`/product/${v.product_slug}`} className="underline">
                      {v.product_title}
                    </Link>
                  </td>
                  <td className={cell}>
                    {v.ram_gb} GB RAM · {formatStorage(v.storage_gb)} · {v.color}
                  </td>
                  <td className={`${cell} font-mono text-xs`}>{v.sku}</td>
                  <td className={`${num} font-semibold ${v.stock === 0 ? "text-red-700" : ""}`}>{v.stock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function percentOf(part: number, whole: number): string {
  return whole ? `${Math.round((1000 * part) / whole) / 10}%` : "0%";
}

function Charts({ dashboard }: { dashboard: Dashboard }) {
  const { sales, by_brand: brands, cancellations, window } = dashboard;
  const { totals } = sales;
  const range = `${shortDay(window.since)} to ${shortDay(window.until)}`;
  const best = sales.per_day.reduce<DaySales | undefined>((top, d) => (!top || Number(d.net) > Number(top.net) ? d : top), undefined);
  const salesSummary =
    totals.orders && best
      ? `${formatPrice(totals.net)} net from ${plural(totals.orders, "order")}, ${range} (gross ${formatPrice(totals.gross)}, ` +
        `refunds ${formatPrice(totals.refunds)}). Best day: ${shortDay(best.date)}, ${formatPrice(best.net)}.`
      : `No sales from ${range}.`;
  const brandSummary = brands.length
    ? `${brands
        .slice(0, 3)
        .map((b) => `${b.brand ?? "Removed phones"} ${formatPrice(b.value)} (${plural(b.units, "unit")})`)
        .join(", ")}${brands.length > 3 ? `, and ${plural(brands.length - 3, "more brand")}` : ""}.`
    : "No phones sold in these days.";
  const methodSummary = totals.orders
    ? `${sales.by_payment_method.map((m) => `${methodName(m.payment_method)} ${plural(m.orders, "order")} (${percentOf(m.orders, totals.orders)})`).join(", ")}.`
    : "No sales in these days.";
  const rateSummary = cancellations.placed
    ? `Of ${plural(cancellations.placed, "order")} placed and paid or confirmed, ${cancellations.cancelled} cancelled (${cancellations.cancelled_percent}%) and ${cancellations.returned} with a return (${cancellations.returned_percent}%).`
    : "No orders placed and paid or confirmed in these days.";
  return (
    <section aria-labelledby="last-days">
      <h2 id="last-days" className="text-xl font-bold">
        The last {window.days} days
      </h2>
      <p className="mb-3 text-sm text-muted">
        A sale counts on the day its money came in (cash on delivery: when delivered), less what was refunded since. Figures as of{" "}
        {formatDateTime(dashboard.computed_at)}, refreshed every {plural(dashboard.charts_cached_for_seconds, "second")}.
      </p>
      <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Total label="Net revenue" value={formatPrice(totals.net)} id="net" />
        <Total label="Orders" value={totals.orders.toLocaleString("en-IN")} id="orders" />
        <Total label="Refunds" value={formatPrice(totals.refunds)} id="refunds" />
        <Total label="Cancelled · returned" value={`${cancellations.cancelled_percent ?? 0}% · ${cancellations.returned_percent ?? 0}%`} id="rates" />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <Figure
          id="sales-per-day"
          title="Revenue and orders per day"
          summary={salesSummary}
          chart={<SalesPerDayChart days={sales.per_day} />}
          table={
            <Table head={["Day", "Orders", "Gross", "Refunds", "Net"]}>
              {sales.per_day.map((d) => (
                <tr key={d.date}>
                  <th scope="row" className={cell}>{formatDate(d.date)}</th>
                  <td className={num}>{d.orders}</td>
                  <td className={num}>{formatPrice(d.gross)}</td>
                  <td className={num}>{formatPrice(d.refunds)}</td>
                  <td className={num}>{formatPrice(d.net)}</td>
                </tr>
              ))}
            </Table>
          }
        />
        <Figure
          id="by-brand"
          title="Sales by brand"
          summary={brandSummary}
          chart={<BrandChart brands={brands} />}
          table={
            <Table head={["Brand", "Units", "Sales"]}>
              {brands.map((b) => (
                <tr key={b.brand ?? "-"}>
                  <th scope="row" className={cell}>{b.brand ?? "Removed phones"}</th>
                  <td className={num}>{b.units}</td>
                  <td className={num}>{formatPrice(b.value)}</td>
                </tr>
              ))}
            </Table>
          }
        />
        <Figure
          id="payment-mix"
          title="Payment methods"
          summary={methodSummary}
          chart={<PaymentMixChart methods={sales.by_payment_method} />}
          table={
            <Table head={["Method", "Orders", "Gross", "Refunds", "Net"]}>
              {sales.by_payment_method.map((m) => (
                <tr key={m.payment_method}>
                  <th scope="row" className={cell}>{methodName(m.payment_method)}</th>
                  <td className={num}>{m.orders}</td>
                  <td className={num}>{formatPrice(m.gross)}</td>
                  <td className={num}>{formatPrice(m.refunds)}</td>
                  <td className={num}>{formatPrice(m.net)}</td>
                </tr>
              ))}
            </Table>
          }
        />
        <Figure
          id="rates"
          title="Cancellations and returns"
          summary={rateSummary}
          chart={<RatesChart cancellations={cancellations} />}
          table={
            <Table head={["Orders placed", "Cancelled", "Returned"]}>
              <tr>
                <td className={num}>{cancellations.placed}</td>
                <td className={num}>
                  {cancellations.cancelled} ({cancellations.cancelled_percent ?? 0}%)
                </td>
                <td className={num}>
                  {cancellations.returned} ({cancellations.returned_percent ?? 0}%)
                </td>
              </tr>
            </Table>
          }
        />
      </div>
    </section>
  );
}

function Total({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="flex flex-col rounded-xl border border-gray-200 bg-white p-4">
      <dt className="order-2 text-sm text-muted">{label}</dt>
      <dd className="order-1 text-xl font-bold tabular-nums" data-testid={`total-${id}`}>
        {value}
      </dd>
    </div>
  );
}

function Table({ head, children }: { head: string[]; children: React.ReactNode }) {
  return (
    <table className="w-full text-sm">
      <thead className="border-b border-gray-200 bg-gray-50">
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={i ? num : cell}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100">{children}</tbody>
    </table>
  );
}
