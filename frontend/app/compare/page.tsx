import type { Metadata } from "next";
import Link from "next/link";
import { CompareSync, RemoveFromCompare } from "@/components/CompareControls";
import { NoImage, ProductImage } from "@/components/ProductImage";
import { Price } from "@/components/Price";
import { Rating } from "@/components/Rating";
import { getProduct, isNotFound } from "@/lib/api";
import { formatDate, formatStorage } from "@/lib/format";
import { pageMetadata } from "@/lib/seo";
import type { ProductDetail } from "@/lib/types";

export const metadata: Metadata = pageMetadata({
  title: "Compare phones side by side",
  description: "Compare up to four phones: price, display, processor, cameras, battery and more, with the differences highlighted.",
  path: "/compare",
});

const MAX = 4;

function slugsFrom(raw: string | string[] | undefined): string[] {
  const list = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((s) => s.trim()).filter(Boolean);
  return [...new Set(list)].slice(0, MAX);
}

type Row = { label: string; value: (p: ProductDetail) => string };

const uniq = <T,>(xs: T[]) => [...new Set(xs)];

const ROWS: Row[] = [
  { label: "Brand", value: (p) => p.brand.name },
  { label: "Display", value: (p) => [p.specs.display_size_in ? `${p.specs.display_size_in}″` : "", p.specs.display].filter(Boolean).join(", ") || "—" },
  { label: "Processor", value: (p) => p.specs.processor || "—" },
  { label: "RAM", value: (p) => uniq(p.variants.map((v) => v.ram_gb)).sort((a, b) => a - b).map((r) => `${r} GB`).join(" / ") || "—" },
  { label: "Storage", value: (p) => uniq(p.variants.map((v) => v.storage_gb)).sort((a, b) => a - b).map(formatStorage).join(" / ") || "—" },
  { label: "Main camera", value: (p) => (p.specs.main_camera_mp ? `${p.specs.main_camera_mp} MP` : "—") },
  { label: "Cameras", value: (p) => p.specs.camera_summary || "—" },
  { label: "Battery", value: (p) => (p.specs.battery_mah ? `${p.specs.battery_mah.toLocaleString("en-IN")} mAh` : "—") },
  { label: "Operating system", value: (p) => p.specs.os || "—" },
  { label: "5G", value: (p) => (p.is_5g ? "Yes" : "No") },
  { label: "Weight", value: (p) => (p.specs.weight_g ? `${p.specs.weight_g} g` : "—") },
  { label: "Colours", value: (p) => uniq(p.variants.map((v) => v.color)).join(", ") || "—" },
  { label: "Launched", value: (p) => (p.launch_date ? formatDate(p.launch_date) : "—") },
  { label: "Availability", value: (p) => (p.available ? "In stock" : "Out of stock") },
];

export default async function ComparePage({ searchParams }: PageProps<"/compare">) {
  const sp = await searchParams;
  const slugs = slugsFrom(sp.p);
  const onlyDiff = sp.diff === "1";
  const loaded = await Promise.all(
    slugs.map(async (s) => {
      try {
        return await getProduct(s);
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    }),
  );
  const products = loaded.filter((p): p is ProductDetail => p !== null);
  const items = products.map((p) => ({ slug: p.slug, title: p.title }));
  const base = `/compare?p=${products.map((p) => p.slug).join(",")}`;

  const priceRow: Row = { label: "Price", value: (p) => p.price ?? "—" };
  const ratingRow: Row = { label: "Rating", value: (p) => `${p.rating}/${p.review_count}` };
  const rows = [priceRow, ratingRow, ...ROWS].map((r) => {
    const values = products.map(r.value);
    return { ...r, values, differs: products.length > 1 && new Set(values).size > 1 };
  });

  return (
    <div>
      <CompareSync items={items} />
      <h1 className="mb-2 text-3xl font-bold">Compare phones</h1>
      {products.length < slugs.length ? <p className="mb-2 text-sm text-muted">Some phones are no longer sold and were left out.</p> : null}
      {products.length === 0 ? (
        <div className="rounded-xl border border-dashed border-gray-300 p-10 text-center" data-testid="compare-empty">
          <p className="text-lg font-semibold">Nothing to compare yet.</p>
          <p className="mt-1 text-muted">Use “Add to compare” on up to {MAX} phones, then come back here.</p>
          <Link href="/shop" className="btn btn-primary mt-6">
            Browse phones
          </Link>
        </div>
      ) : (
        <>
          <p className="mb-4 text-sm text-muted">
            Rows where the phones differ are <mark className="rounded bg-amber-100 px-1 text-ink">highlighted</mark>.{" "}
            {products.length > 1 ? (
              <Link href={onlyDiff ? base : `${base}&diff=1`} className="font-semibold text-brand-800 underline" scroll={false}>
                {onlyDiff ? "Show all rows" : "Show only differences"}
              </Link>
            ) : null}
          </p>
          <div className="overflow-x-auto rounded-xl border border-gray-200" role="region" aria-label="Comparison table" tabIndex={0}>
            <table className="w-full min-w-[40rem] border-collapse text-sm" data-testid="compare-table">
              <caption className="sr-only">Specifications of {products.map((p) => p.title).join(", ")} side by side</caption>
              <thead>
                <tr>
                  <td className="w-40 p-3" />
                  {products.map((p) => {
                    const img = p.images[0];
                    return (
                      <th key={p.slug} scope="col" className="p-3 text-left align-top font-normal" data-testid="compare-column">
                        <div className="relative mb-2 aspect-square w-28 overflow-hidden rounded-lg bg-gray-50">
                          {img ? (
                            <ProductImage src={img.url} width={img.width} height={img.height} alt={img.alt || p.title} sizes="112px" className="h-full w-full object-contain" />
                          ) : (
                            <NoImage label={p.title} />
                          )}
                        </div>
                        <Link href={`/product/${p.slug}`} className="font-semibold text-ink hover:underline">
                          {p.title}
                        </Link>
                        <br />
                        <RemoveFromCompare slug={p.slug} title={p.title} items={items} />
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows
                  .filter((r) => !onlyDiff || r.differs)
                  .map((r) => (
                    <tr key={r.label} className={`border-t border-gray-200 ${r.differs ? "bg-amber-50" : ""}`} data-differs={r.differs ? "true" : "false"} data-row={r.label}>
                      <th scope="row" className="p-3 text-left align-top font-medium text-muted">
                        {r.label}
                        {r.differs ? <span className="sr-only"> (differs)</span> : null}
                      </th>
                      {products.map((p, i) => (
                        <td key={p.slug} className="p-3 align-top">
                          {r.label === "Price" && p.price ? (
                            <Price price={p.price} mrp={p.mrp} discountPercent={p.discount_percent} prefix={new Set(p.variants.map((v) => v.price)).size > 1 ? "From" : undefined} />
                          ) : r.label === "Rating" ? (
                            <Rating rating={p.rating} count={p.review_count} />
                          ) : (
                            r.values[i]
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          {products.length < MAX ? (
            <p className="mt-4 text-sm">
              <Link href="/shop" className="font-semibold text-brand-800 underline">
                Add another phone
              </Link>{" "}
              (up to {MAX}).
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
