import type { MetadataRoute } from "next";
import { flattenCategories, getAllProducts, getBrands, getCategories, getProduct } from "@/lib/api";
import { absoluteUrl } from "@/lib/config";
import type { ProductListItem } from "@/lib/types";

// Regenerated in the background at most every 5 minutes, and at once when /api/revalidate expires the
// catalogue tag.
export const revalidate = 300;

type WithUpdated = ProductListItem & { updated_at?: string };

/** Product lastmod: from the listing row when the API sends it, else from the product itself. */
async function lastModified(items: WithUpdated[]): Promise<Map<string, { updated: string; brand: string; categories: string[] }>> {
  const out = new Map<string, { updated: string; brand: string; categories: string[] }>();
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        const d = await getProduct(item.slug);
        out.set(item.slug, { updated: item.updated_at ?? d.updated_at, brand: d.brand.slug, categories: d.breadcrumbs.map((b) => b.slug) });
      } catch {
        /* left out of lastmod bookkeeping; the URL is still listed */
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return out;
}

function latest(dates: (string | undefined)[]): Date | undefined {
  const times = dates.filter((d): d is string => Boolean(d)).map((d) => new Date(d).getTime()).filter(Number.isFinite);
  return times.length ? new Date(Math.max(...times)) : undefined;
}

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [products, brands, categories] = await Promise.all([getAllProducts(), getBrands(), getCategories()]);
  const meta = await lastModified(products);
  const all = [...meta.values()];
  const newest = latest(all.map((m) => m.updated));

  return [
    { url: absoluteUrl("/"), lastModified: newest, changeFrequency: "daily", priority: 1 },
    { url: absoluteUrl("/shop"), lastModified: newest, changeFrequency: "daily", priority: 0.9 },
    ...flattenCategories(categories).map((c) => ({
      url: absoluteUrl(`/category/${c.slug}`),
      lastModified: latest(all.filter((m) => m.categories.includes(c.slug)).map((m) => m.updated)) ?? newest,
      changeFrequency: "daily" as const,
      priority: 0.8,
    })),
    ...brands.map((b) => ({
      url: absoluteUrl(`/brand/${b.slug}`),
      lastModified: latest(all.filter((m) => m.brand === b.slug).map((m) => m.updated)) ?? newest,
      changeFrequency: "daily" as const,
      priority: 0.7,
    })),
    ...products.map((p) => ({
      url: absoluteUrl(`/product/${p.slug}`),
      lastModified: latest([meta.get(p.slug)?.updated]),
      changeFrequency: "weekly" as const,
      priority: 0.6,
    })),
  ];
}
