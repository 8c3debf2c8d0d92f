import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime, formatPrice, plural } from "@/lib/format";
import { consoleMetadata, getStaffOrders } from "@/lib/server/staff";
import type { StaffOrder } from "@/lib/staff-types";
import { methodName, ORDER_QUEUES, ORDER_STATUSES, PAYMENT_METHODS } from "../_components/labels";
import { StatusBadge } from "../_components/StatusBadge";

export function generateMetadata(): Promise<Metadata> {
  return consoleMetadata({ title: "Orders" });
}

type Params = Record<string, string | string[] | undefined>;

const cell = "px-3 py-2 text-left align-top";
const field = "mt-1 block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-sm";

function one(params: Params, key: string): string {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** This list's URL with `changes` applied (the filters stay; a new filter starts again at page 1). */
function hrefWith(params: Params, changes: Record<string, string>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value ? [value] : []) if (v) query.append(key, v);
  }
  for (const [key, value] of Object.entries(changes)) {
    query.delete(key);
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `/staff/orders?${text}` : "/staff/orders";
}

/**
 * Orders (GET /api/staff/orders/): filtered and searched by the API, a page at a time. The filters are a plain GET
 * form, so the state is the URL (shareable, back-button safe) and the page works without JavaScript.
 */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const { page, error } = await getStaffOrders(params);
  const filtered = ["q", "queue", "status", "payment_method", "placed_from", "placed_to"].some((k) => one(params, k));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold sm:text-3xl">Orders</h1>

      <form method="get" action="/staff/orders" role="search" aria-label="Find orders" className="rounded-xl border border-gray-200 bg-white p-4">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-6">
          <div className="sm:col-span-2">
            <label htmlFor="q" className="text-sm font-medium">
              Search orders
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={one(params, "q")}
              maxLength={100}
              autoComplete="off"
              aria-describedby="q-hint"
              className={field}
            />
            <p id="q-hint" className="mt-1 text-xs text-muted">
              Order number, email, mobile, AWB or IMEI
            </p>
          </div>
          <Select id="queue" label="Queue" value={one(params, "queue")} options={ORDER_QUEUES} any="Any queue" />
          <Select id="status" label="Status" value={one(params, "status")} options={ORDER_STATUSES} any="Any status" />
          <Select
            id="payment_method"
            label="Payment"
            value={one(params, "payment_method")}
            options={PAYMENT_METHODS.map((m) => [m, methodName(m)])}
            any="Any method"
          />
          <div className="grid grid-cols-2 gap-2 sm:col-span-2 lg:col-span-1 lg:grid-cols-1">
            <div>
              <label htmlFor="placed_from" className="text-sm font-medium">
                Placed from
              </label>
              <input id="placed_from" name="placed_from" type="date" defaultValue={one(params, "placed_from")} className={field} />
            </div>
            <div>
              <label htmlFor="placed_to" className="text-sm font-medium">
                Placed to
              </label>
              <input id="placed_to" name="placed_to" type="date" defaultValue={one(params, "placed_to")} className={field} />
            </div>
          </div>
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" className="btn btn-primary">
            Find orders
          </button>
          {filtered && (
            <Link href="/staff/orders" className="inline-flex min-h-10 items-center px-2 font-medium underline">
              Clear the filters
            </Link>
          )}
        </div>
      </form>

      {error ? (
        <div role="alert" className="rounded-xl border border-red-300 bg-red-50 p-4 text-sm text-red-900" data-testid="orders-error">
          <p className="font-semibold">{error.message}</p>
          <ul className="mt-1 list-disc pl-5">
            {Object.entries(error.fields ?? {}).map(([name, messages]) => (
              <li key={name}>
                {name}: {messages.join(" ")}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        page && <Results page={page} params={params} />
      )}
    </div>
  );
}

function Select({ id, label, value, options, any }: { id: string; label: string; value: string; options: ReadonlyArray<readonly [string, string]>; any: string }) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className={field}>
        <option value="">{any}</option>
        {options.map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Results({ page, params }: { page: NonNullable<Awaited<ReturnType<typeof getStaffOrders>>["page"]>; params: Params }) {
  if (!page.count) {
    return (
      <p className="rounded-xl border border-gray-200 bg-white p-6 text-center" data-testid="orders-empty">
        No orders match.
      </p>
    );
  }
  return (
    <section aria-labelledby="results">
      <h2 id="results" className="sr-only">
        Results
      </h2>
      <p className="mb-2 text-sm text-muted" data-testid="orders-count">
        {plural(page.count, "order")}
        {page.total_pages > 1 && ` · page ${page.page} of ${page.total_pages}`}
      </p>
      <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white">
        <table className="w-full text-sm" data-testid="orders">
          <caption className="sr-only">Orders, newest first</caption>
          <thead className="border-b border-gray-200 bg-gray-50">
            <tr>
              <th scope="col" className={cell}>Order</th>
              <th scope="col" className={cell}>Placed</th>
              <th scope="col" className={cell}>Customer</th>
              <th scope="col" className={cell}>Status</th>
              <th scope="col" className={cell}>Payment</th>
              <th scope="col" className={`${cell} text-right`}>Total</th>
              <th scope="col" className={cell}>Next</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {page.results.map((o) => (
              <Row key={o.id} order={o} />
            ))}
          </tbody>
        </table>
      </div>
      {page.total_pages > 1 && (
        <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-3">
          {page.page > 1 ? (
            <Link href={hrefWith(params, { page: String(page.page - 1) })} className="btn btn-secondary" rel="prev">
              Newer orders
            </Link>
          ) : (
            <span />
          )}
          {page.page < page.total_pages && (
            <Link href={hrefWith(params, { page: String(page.page + 1) })} className="btn btn-secondary" rel="next">
              Older orders
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}

function Row({ order: o }: { order: StaffOrder }) {
  const units = o.items.reduce((n, i) => n + i.quantity, 0);
  return (
    <tr data-testid={`order-row-${o.id}`}>
      <td className={cell}>
        <Link href={`/staff/orders/${o.id}`} className="font-mono font-semibold text-brand-800 underline">
          {o.number}
        </Link>
        <div className="text-xs text-muted">{plural(units, "unit")}</div>
      </td>
      <td className={`${cell} whitespace-nowrap`}>{formatDateTime(o.created_at)}</td>
      <td className={cell}>
        <div>{o.shipping_address.full_name}</div>
        <div className="text-xs text-muted">{o.customer_email ?? o.customer_mobile}</div>
      </td>
      <td className={cell}>
        <StatusBadge status={o.status} label={o.status_label} />
        {o.needs_review && <div className="mt-1 text-xs font-semibold text-red-800">Flagged for review</div>}
      </td>
      <td className={cell}>{methodName(o.payment_method)}</td>
      <td className={`${cell} text-right tabular-nums`}>{formatPrice(o.total)}</td>
      <td className={cell}>
        {o.awaiting_imei ? (
          <Link href={`/staff/orders/${o.id}/pack`} className="font-medium underline">
            Pack ({plural(o.units_missing, "IMEI")} to scan)
          </Link>
        ) : (
          o.next_steps
            .filter((s) => s.action !== "cancel")
            .map((s) => s.label)
            .join(", ") || "—"
        )}
      </td>
    </tr>
  );
}
