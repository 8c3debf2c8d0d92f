import { expect, test } from "@playwright/test";
import type { Category } from "../lib/types";
import { allProductSlugs, api, listProducts, productDetail } from "./api";

interface ProductLd {
  "@type": string;
  name: string;
  sku: string;
  image: string[];
  brand: { name: string };
  offers: { "@type": string; priceCurrency: string; lowPrice: string; offerCount: number; offers: { sku: string; price: string }[] };
  aggregateRating?: { ratingValue: string; reviewCount: number };
}
interface BreadcrumbLd {
  "@type": string;
  itemListElement: { name: string; item: string }[];
}

test("the product page's JSON-LD parses and its price is the API's", async ({ page }) => {
  const { results } = await listProducts({ sort: "-rating" });
  const product = await productDetail(results[0]!.slug);
  await page.goto(`/product/${product.slug}`);

  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  const data = blocks.map((b) => JSON.parse(b) as Record<string, unknown>);
  const ld = data.find((d) => d["@type"] === "Product") as unknown as ProductLd;
  expect(ld).toBeTruthy();
  expect(ld.name).toBe(product.title);
  expect(ld.brand.name).toBe(product.brand.name);
  expect(ld.sku).toBeTruthy();
  expect(ld.image.length).toBeGreaterThan(0);
  expect(ld.offers["@type"]).toBe("AggregateOffer");
  expect(ld.offers.priceCurrency).toBe("INR");
  expect(ld.offers.lowPrice).toBe(product.price);
  expect(ld.offers.offerCount).toBe(product.variants.length);
  const offerPrices = ld.offers.offers.map((o) => [o.sku, o.price]);
  expect(offerPrices).toEqual(product.variants.map((v) => [v.sku, v.price]));
  if (product.review_count > 0) {
    expect(Number(ld.aggregateRating?.ratingValue)).toBeCloseTo(product.rating, 2);
    expect(ld.aggregateRating?.reviewCount).toBe(product.review_count);
  } else {
    expect(ld.aggregateRating).toBeUndefined();
  }
  const crumbs = data.find((d) => d["@type"] === "BreadcrumbList") as unknown as BreadcrumbLd;
  expect(crumbs.itemListElement.at(-1)?.name).toBe(product.title);

  // Metadata: canonical, Open Graph image from the product.
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/product/${product.slug}$`));
  await expect(page.locator('meta[property="og:image"]').first()).toHaveAttribute("content", product.images[0]!.url);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
  await expect(page.locator("h1")).toHaveCount(1);
});

test("/sitemap.xml lists every active product; robots.txt points at it", async ({ request, baseURL }) => {
  const res = await request.get("/sitemap.xml");
  expect(res.status()).toBe(200);
  const xml = await res.text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const slugs = await allProductSlugs();
  expect(slugs.length).toBeGreaterThan(0);
  for (const slug of slugs) expect(locs).toContain(`/product/${slug}`);
  expect(locs.filter((l) => l.startsWith("/product/"))).toHaveLength(slugs.length);
  expect(xml).toContain("<lastmod>");
  // Categories: those with phones are listed, empty ones (the demo's Feature Phones) are not.
  const flat = (nodes: Category[]): Category[] => nodes.flatMap((c) => [c, ...flat(c.children ?? [])]);
  const categories = flat(await api<Category[]>("/api/categories/"));
  for (const c of categories) {
    if (c.product_count > 0) expect(locs).toContain(`/category/${c.slug}`);
    else expect(locs).not.toContain(`/category/${c.slug}`);
  }

  const robots = await (await request.get("/robots.txt")).text();
  for (const path of ["/cart", "/checkout", "/account", "/forgot-password", "/reset-password", "/alerts/", "/api/"]) expect(robots).toContain(`Disallow: ${path}`);
  expect(robots).toMatch(/Sitemap: \S+\/sitemap\.xml/);
  expect(baseURL).toBeTruthy();
});

test("unknown product, brand and category pages answer 404 with a real page", async ({ page }) => {
  for (const path of ["/product/no-such-phone-xyz", "/brand/no-such-brand", "/category/no-such-category", "/no-such-page"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await expect(page.locator("h1")).toHaveCount(1);
  }
});

test("the header links only categories that have phones", async ({ page }) => {
  const flat = (nodes: Category[]): Category[] => nodes.flatMap((c) => [c, ...flat(c.children ?? [])]);
  const categories = flat(await api<Category[]>("/api/categories/"));
  await page.goto("/");
  const linked = await page.locator('header a[href^="/category/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(linked.length).toBeGreaterThan(0);
  for (const href of linked) {
    const category = categories.find((c) => `/category/${c.slug}` === href);
    expect(category?.product_count, `${href}`).toBeGreaterThan(0);
  }
  for (const empty of categories.filter((c) => c.product_count === 0)) expect(linked).not.toContain(`/category/${empty.slug}`);
});
