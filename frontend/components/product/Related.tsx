import { getProducts } from "@/lib/api";
import type { ProductDetail, ProductListItem } from "@/lib/types";
import { ProductGrid } from "../ProductGrid";

/** Phones in the same category, nearest in price first; the same brand fills any gap. */
export async function Related({ product }: { product: ProductDetail }) {
  let items: ProductListItem[] = [];
  try {
    const [sameCategory, sameBrand] = await Promise.all([
      getProducts({ category: product.category.slug, sort: "popularity", page: 1 }, 24),
      getProducts({ brand: [product.brand.slug], sort: "popularity", page: 1 }, 8),
    ]);
    const price = Number(product.price);
    const distance = (p: ProductListItem) => (p.price === null ? Number.MAX_VALUE : Math.abs(Number(p.price) - price));
    const byCloseness = sameCategory.results.filter((p) => p.slug !== product.slug).sort((a, b) => distance(a) - distance(b));
    const seen = new Set<string>();
    for (const p of [...byCloseness.slice(0, 4), ...sameBrand.results, ...byCloseness.slice(4)]) {
      if (p.slug === product.slug || seen.has(p.slug)) continue;
      seen.add(p.slug);
      items.push(p);
    }
    items = items.slice(0, 4);
  } catch {
    items = [];
  }
  if (!items.length) return <p className="text-muted">No related phones right now.</p>;
  return <ProductGrid products={items} />;
}
