import type { Metadata } from "next";
import { formatDate, formatPrice, plural } from "@/lib/format";
import { consoleMetadata, getSalesReport, requireStaff } from "@/lib/server/staff";
import type { SalesBy, SalesReport } from "@/lib/staff-types";
import { Figure } from "../_components/Figure";
import { SalesPerDayChart } from "../_components/Charts";
import { shortDay } from "../_components/labels";

export function generateMetadata(): Promise<Metadata> {
  return consoleMetadata({ title: "Reports" });
}

const cell = "px-3 py-2 text-left";
const num = "px-3 py-2 text-right tabular-nums";
const BY: { value: SalesBy; label: string }[] = [
  { value: "day", label: "Day" },
  { value: "brand", label: "Brand" },
  { value: "variant", label: "Variant" },
];
const field = "mt-1 block min-h-11 rounded-md border border-gray-400 bg-white px-3 text-base focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700";

/** YYYY-MM-DD of a day in India, `back` days before today: the form's first range, the last 30 days. */
function indianDay(back = 0): string {
  const day = new Date(Date.now() - back * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata", year: "numeric", month: "2-digit", day: "2-digit" }).format(day);
}

type Search = Promise<Record<string, string | string[] | undefined>>;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reports: sales over a chosen range of Indian days by day, brand or variant (GET /api/staff/reports/sales/). */
export default async function ReportsPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const user = await requireStaff();
  const from = one(params.from) ?? indianDay(29);
  const to = one(params.to) ?? indianDay();
  const byParam = one(params.by);
  const by: SalesBy = BY.some((b) => b.value === byParam) ? (byParam as SalesBy) : "day";
  const query = new URLSearchParams({ from, to, by });
  const { report, error } = await getSalesReport(query);
  const fieldError = (name: string) => error?.fields?.[name]?.join(" ");
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold sm:text-3xl">Reports</h1>

      <section aria-labelledby="sales-heading" className="space-y-4">
        <h2 id="sales-heading" className="text-xl font-bold">
          Sales
        </h2>
        <form method="get" action="/staff/reports" className="flex flex-wrap items-end gap-4 rounded-xl border border-gray-200 bg-white p-4" data-testid="report-form">
          <DateField name="from" label="From" value={from} error={fieldError("from")} />
          <DateField name="to" label="To" value={to} error={fieldError("to")} />
          <div>
            <label htmlFor="report-by" className="block text-sm font-medium">
              By
            </label>
            <select id="report-by" name="by" defaultValue={by} className={field}>
              {BY.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700 focus-visible:ring-offset-2">
            Show
          </button>
          <p className="w-full text-sm text-muted">Indian days (Asia/Kolkata), both included; at most 366 days, ending today at the latest.</p>
        </form>
        {error ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800" data-testid="report-error">
            {error.message} {Object.values(error.fields ?? {}).flat().join(" ")}
          </p>
        ) : (
          report && <Report report={report} />
        )}
      </section>

      {user.role === "admin" && (
        <section aria-labelledby="gstr1-heading" className="space-y-3">
          <h2 id="gstr1-heading" className="text-xl font-bold">
            GSTR-1
          </h2>
          <p className="text-sm text-muted">The month&apos;s return as the GST portal&apos;s offline tool reads it (JSON): the tax invoices and credit notes issued in the month.</p>
          <form method="get" action="/api/console/reports/gstr1/" className="flex flex-wrap items-end gap-4 rounded-xl border border-gray-200 bg-white p-4">
            <div>
              <label htmlFor="gstr1-month" className="block text-sm font-medium">
                Month
              </label>
              <input id="gstr1-month" type="month" name="month" required min="2017-07" max={indianDay().slice(0, 7)} defaultValue={indianDay().slice(0, 7)} className={field} />
            </div>
            <button type="submit" className="min-h-11 rounded-md border border-brand-700 px-4 font-semibold text-brand-800 hover:bg-brand-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700 focus-visible:ring-offset-2">
              Download GSTR-1 (JSON)
            </button>
          </form>
        </section>
      )}
    </div>
  );
}

function DateField({ name, label, value, error }: { name: string; label: string; value: string; error?: string }) {
  const id = `report-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        type="date"
        name={name}
        required
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={field}
      />
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

function Table({ caption, head, children, foot }: { caption: string; head: string[]; children: React.ReactNode; foot: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white">
      <table className="w-full text-sm" data-testid="report-table">
        <caption className="sr-only">{caption}</caption>
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
        <tfoot className="border-t-2 border-gray-300 font-semibold">{foot}</tfoot>
      </table>
    </div>
  );
}

function Report({ report }: { report: SalesReport }) {
  const range = `${formatDate(report.since)} to ${formatDate(report.until)}`;
  const csv = `/api/console/reports/sales/csv/?${new URLSearchParams({ from: report.since, to: report.until, by: report.by }).toString()}`;
  const download = (
    <a href={csv} download className="inline-flex min-h-11 items-center rounded-md border border-brand-700 px-4 font-semibold text-brand-800 underline-offset-2 hover:underline" data-testid="report-csv">
      Download CSV
    </a>
  );
  if (report.by === "day") {
    const days = report.by_day ?? [];
    const t = report.by_day_totals;
    const summary = t && t.orders ? `${formatPrice(t.net)} net from ${plural(t.orders, "order")}, ${range} (gross ${formatPrice(t.gross)}, refunds ${formatPrice(t.refunds)}).` : `No sales from ${range}.`;
    return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p aria-live="polite" data-testid="report-summary">{summary}</p>
          {download}
        </div>
        <Figure
          id="report-per-day"
          title="Revenue and orders per day"
          summary={`${summary} Each day is in the table below.`}
          chart={<SalesPerDayChart days={days} />}
          table={<p>The figures are in the table below.</p>}
        />
        <Table caption={`Sales per day, ${range}`} head={["Day", "Orders", "Gross", "Refunds", "Net"]} foot={t && (
          <tr>
            <th scope="row" className={cell}>Total</th>
            <td className={num}>{t.orders}</td>
            <td className={num}>{formatPrice(t.gross)}</td>
            <td className={num}>{formatPrice(t.refunds)}</td>
            <td className={num}>{formatPrice(t.net)}</td>
          </tr>
        )}>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row" className={`${cell} font-normal`}>{shortDay(d.date)}</th>
              <td className={num}>{d.orders}</td>
              <td className={num}>{formatPrice(d.gross)}</td>
              <td className={num}>{formatPrice(d.refunds)}</td>
              <td className={num}>{formatPrice(d.net)}</td>
            </tr>
          ))}
        </Table>
      </div>
    );
  }
  const t = report.goods_totals;
  const summary = t && t.units ? `${plural(t.units, "phone")} sold for ${formatPrice(t.value)}, ${range}.` : `No phones sold from ${range}.`;
  const foot = t && (
    <tr>
      <th scope="row" className={cell} colSpan={report.by === "variant" ? 3 : 1}>Total</th>
      <td className={num}>{t.units}</td>
      <td className={num}>{formatPrice(t.value)}</td>
    </tr>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p aria-live="polite" data-testid="report-summary">{summary}</p>
        {download}
      </div>
      {report.by === "brand" ? (
        <Table caption={`Sales by brand, ${range}, best first`} head={["Brand", "Units", "Value"]} foot={foot}>
          {(report.by_brand ?? []).map((b) => (
            <tr key={b.brand ?? "-"}>
              <th scope="row" className={`${cell} font-normal`}>{b.brand ?? "Removed phones"}</th>
              <td className={num}>{b.units}</td>
              <td className={num}>{formatPrice(b.value)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <Table caption={`Sales by variant, ${range}, best first`} head={["SKU", "Phone", "Variant", "Units", "Value"]} foot={foot}>
          {(report.by_variant ?? []).map((v) => (
            <tr key={v.sku}>
              <th scope="row" className={`${cell} font-mono text-xs font-normal`}>{v.sku}</th>
              <td className={cell}>{v.product_title}</td>
              <td className={cell}>{v.variant_label}</td>
              <td className={num}>{v.units}</td>
              <td className={num}>{formatPrice(v.value)}</td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
