import type { Metadata } from "next";
import Link from "next/link";
import { getBrands } from "@/lib/api";
import { consoleMetadata, getVariants } from "@/lib/server/staff";
import { CatalogFile } from "./_components/CatalogFile";
import { VariantTable } from "./_components/VariantTable";

export function generateMetadata(): Promise<Metadata> {
  return consoleMetadata({ title: "Stock and prices" });
}

const PAGE_SIZE = "50";
const SORTS: [string, string][] = [
  ["", "Phone (A to Z)"],
  ["price", "Price, lowest first"],
  ["-price", "Price, highest first"],
  ["stock", "Stock, lowest first"],
  ["-stock", "Stock, highest first"],
  ["brand", "Brand"],
  ["sku", "SKU"],
];

type Search = Record<string, string | string[] | undefined>;

function one(search: Search, name: string): string {
  const value = search[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/** The page's own parameters, passed on to the staff API only in a shape it takes (anything else is left out). */
function query(search: Search): URLSearchParams {
  const out = new URLSearchParams({ page_size: PAGE_SIZE });
  const q = one(search, "q").slice(0, 100);
  if (q) out.set("q", q);
  const brand = one(search, "brand");
  if (/^[a-z0-9-]{1,80}$/.test(brand)) out.set("brand", brand);
  const stockMax = one(search, "stock_max");
  if (/^\d{1,7}$/.test(stockMax)) out.set("stock_max", stockMax);
  const sort = one(search, "sort");
  if (SORTS.some(([key]) => key && key === sort)) out.set("sort", sort);
  const page = one(search, "page");
  if (/^[1-9]\d{0,5}$/.test(page)) out.set("page", page);
  return out;
}

/** Stock and prices: the variants, edited in place, in bulk or by CSV, each change through the staff API. */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const params = query(search);
  const [page, brands] = await Promise.all([getVariants(params), getBrands()]);
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.delete("page_size");
    next.set("page", String(n));
    return `/staff/catalog?${next.toString()}`;
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold sm:text-3xl">Stock and prices</h1>
          <p className="mt-1 text-sm text-muted">
            {page.count.toLocaleString("en-IN")} variants. Select a price, MRP or stock to change it: Enter saves, Escape cancels.
          </p>
        </div>
        <a href="/api/console/catalog/export/" download className="btn btn-secondary" data-testid="catalog-export">
          Export CSV
        </a>
      </div>

      <form method="get" action="/staff/catalog" className="flex flex-wrap items-end gap-3 rounded-xl border border-gray-200 bg-white p-4" role="search" aria-label="Variants">
        <div className="flex flex-col">
          <label htmlFor="catalog-q" className="text-sm font-medium">
            Search variants
          </label>
          <input id="catalog-q" name="q" type="search" defaultValue={params.get("q") ?? ""} placeholder="Phone, SKU or brand" maxLength={100} className="min-h-11 rounded-md border border-gray-400 px-3" />
        </div>
        <div className="flex flex-col">
          <label htmlFor="catalog-brand" className="text-sm font-medium">
            Brand
          </label>
          <select id="catalog-brand" name="brand" defaultValue={params.get("brand") ?? ""} className="min-h-11 rounded-md border border-gray-400 px-3">
            <option value="">All brands</option>
            {brands.map((b) => (
              <option key={b.slug} value={b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col">
          <label htmlFor="catalog-stock" className="text-sm font-medium">
            Stock at most
          </label>
          <input id="catalog-stock" name="stock_max" type="number" min={0} inputMode="numeric" defaultValue={params.get("stock_max") ?? ""} aria-describedby="catalog-stock-hint" className="min-h-11 w-28 rounded-md border border-gray-400 px-3" />
          <span id="catalog-stock-hint" className="text-xs text-muted">
            0: out of stock
          </span>
        </div>
        <div className="flex flex-col">
          <label htmlFor="catalog-sort" className="text-sm font-medium">
            Sort by
          </label>
          <select id="catalog-sort" name="sort" defaultValue={params.get("sort") ?? ""} className="min-h-11 rounded-md border border-gray-400 px-3">
            {SORTS.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          Show
        </button>
        <Link href="/staff/catalog?stock_max=0" className="inline-flex min-h-11 items-center px-2 font-medium underline">
          Out of stock
        </Link>
      </form>

      <VariantTable rows={page.results} />

      {page.total_pages > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-3">
          {page.page > 1 && (
            <Link href={pageLink(page.page - 1)} className="btn btn-secondary">
              Previous
            </Link>
          )}
          <span className="text-sm">
            Page {page.page} of {page.total_pages}
          </span>
          {page.page < page.total_pages && (
            <Link href={pageLink(page.page + 1)} className="btn btn-secondary">
              Next
            </Link>
          )}
        </nav>
      )}

      <CatalogFile />
    </div>
  );
}
