import Link from "next/link";
import { formatPrice, formatStorage } from "@/lib/format";
import { hrefWith, type ListingQuery, type MultiKey } from "@/lib/query";

export function ActiveFilters({ pathname, query, brandNames, locked = [] }: { pathname: string; query: ListingQuery; brandNames: Record<string, string>; locked?: MultiKey[] }) {
  const chips: { label: string; href: string }[] = [];
  const without = (patch: Partial<ListingQuery>) => hrefWith(pathname, { ...query, ...patch, page: 1 });
  const labels: Record<MultiKey, (v: string) => string> = {
    brand: (v) => brandNames[v] ?? v,
    ram: (v) => `${v} GB RAM`,
    storage: (v) => `${formatStorage(v)} storage`,
    color: (v) => v,
  };
  for (const key of ["brand", "ram", "storage", "color"] as const) {
    if (locked.includes(key)) continue;
    for (const v of query[key]) chips.push({ label: labels[key](v), href: without({ [key]: query[key].filter((x) => x !== v) }) });
  }
  if (query.price_min || query.price_max) {
    const label = query.price_min && query.price_max
      ? `${formatPrice(query.price_min)} – ${formatPrice(query.price_max)}`
      : query.price_min ? `Over ${formatPrice(query.price_min)}` : `Under ${formatPrice(query.price_max)}`;
    chips.push({ label, href: without({ price_min: undefined, price_max: undefined }) });
  }
  if (query.is_5g) chips.push({ label: query.is_5g === "true" ? "5G" : "Not 5G", href: without({ is_5g: undefined }) });
  if (query.available) chips.push({ label: "In stock", href: without({ available: undefined }) });
  if (query.rating_min) chips.push({ label: `${query.rating_min}★ & above`, href: without({ rating_min: undefined }) });
  if (!chips.length) return null;
  return (
    <ul className="mb-4 flex flex-wrap gap-2" aria-label="Applied filters">
      {chips.map((c) => (
        <li key={c.label}>
          <Link
            href={c.href}
            scroll={false}
            className="inline-flex min-h-8 items-center gap-1 rounded-full border border-brand-700 bg-brand-50 px-3 text-sm text-brand-900 hover:bg-brand-100"
          >
            {c.label}
            <span aria-hidden="true">×</span>
            <span className="sr-only">(remove filter)</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
