"use client";

/**
 * The charts of Today, drawn with Recharts (loaded by the console's routes only, never by the storefront's).
 * Each is decoration over figures the page also gives as text (loaded lazily by ./Charts.tsx): its caption says what it shows and a table beside
 * it holds every number (app/staff/_components/Figure.tsx), so the drawings are hidden from assistive technology.
 */
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, Pie, PieChart, Tooltip, XAxis, YAxis } from "recharts";
import type { BrandSales, Cancellations, DaySales, MethodSales } from "@/lib/staff-types";
import { methodName, shortDay } from "./labels";

const BRAND = "#4338ca";
const SECOND = "#047857";
const PALETTE = ["#4338ca", "#047857", "#b45309", "#be185d", "#0369a1", "#4b5563"];
const HEIGHT = 280;

const rupees = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-IN", { notation: "compact", maximumFractionDigits: 1 });
const money = (v: unknown) => rupees.format(Number(v));
const axisMoney = (v: unknown) => `₹${compact.format(Number(v))}`;

export function SalesPerDayChart({ days }: { days: DaySales[] }) {
  const data = days.map((d) => ({ day: shortDay(d.date), net: Number(d.net), orders: d.orders }));
  return (
    <ComposedChart responsive accessibilityLayer={false} data={data} style={{ width: "100%", height: HEIGHT }} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="day" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
      <YAxis yAxisId="net" tickFormatter={axisMoney} tick={{ fontSize: 12 }} width={64} />
      <YAxis yAxisId="orders" orientation="right" allowDecimals={false} tick={{ fontSize: 12 }} width={32} />
      <Tooltip formatter={(value, name) => (name === "Net revenue" ? money(value) : value)} />
      <Legend />
      <Bar yAxisId="net" dataKey="net" name="Net revenue" fill={BRAND} isAnimationActive={false} />
      <Line yAxisId="orders" dataKey="orders" name="Orders" stroke={SECOND} strokeWidth={2} dot={false} isAnimationActive={false} />
    </ComposedChart>
  );
}

export function BrandChart({ brands }: { brands: BrandSales[] }) {
  const data = brands.slice(0, 8).map((b) => ({ brand: b.brand ?? "Removed phones", value: Number(b.value), units: b.units }));
  return (
    <BarChart responsive accessibilityLayer={false} layout="vertical" data={data} style={{ width: "100%", height: HEIGHT }} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" tickFormatter={axisMoney} tick={{ fontSize: 12 }} />
      <YAxis type="category" dataKey="brand" tick={{ fontSize: 12 }} width={96} />
      <Tooltip formatter={(value) => money(value)} />
      <Bar dataKey="value" name="Sales" fill={BRAND} isAnimationActive={false} />
    </BarChart>
  );
}

export function PaymentMixChart({ methods }: { methods: MethodSales[] }) {
  const data = methods.filter((m) => m.orders > 0).map((m) => ({ name: methodName(m.payment_method), orders: m.orders }));
  return (
    <PieChart responsive accessibilityLayer={false} style={{ width: "100%", height: HEIGHT }}>
      <Pie data={data} dataKey="orders" nameKey="name" innerRadius="45%" outerRadius="75%" rootTabIndex={-1} isAnimationActive={false}>
        {data.map((entry, i) => (
          <Cell key={entry.name} fill={PALETTE[i % PALETTE.length]} />
        ))}
      </Pie>
      <Tooltip />
      <Legend />
    </PieChart>
  );
}

export function RatesChart({ cancellations }: { cancellations: Cancellations }) {
  const data = [
    { name: "Cancelled", percent: Number(cancellations.cancelled_percent ?? 0) },
    { name: "Returned", percent: Number(cancellations.returned_percent ?? 0) },
  ];
  return (
    <BarChart responsive accessibilityLayer={false} data={data} style={{ width: "100%", height: HEIGHT }} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="name" tick={{ fontSize: 12 }} />
      <YAxis tickFormatter={(v) => `${v}%`} tick={{ fontSize: 12 }} width={48} domain={[0, (max: number) => Math.max(10, Math.ceil(max))]} />
      <Tooltip formatter={(value) => `${value}%`} />
      <Bar dataKey="percent" name="Share of orders" isAnimationActive={false}>
        {data.map((entry, i) => (
          <Cell key={entry.name} fill={i ? SECOND : "#b45309"} />
        ))}
      </Bar>
    </BarChart>
  );
}
