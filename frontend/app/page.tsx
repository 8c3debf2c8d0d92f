import type { Metadata } from "next";
import Link from "next/link";
import { JsonLd } from "@/components/JsonLd";
import { ProductGrid } from "@/components/ProductGrid";
import { NoImage, ProductImage } from "@/components/ProductImage";
import { getHome } from "@/lib/api";
import { SITE_NAME } from "@/lib/config";
import { formatPrice } from "@/lib/format";
import { pageMetadata, websiteJsonLd } from "@/lib/seo";
import type { ProductListItem } from "@/lib/types";

export const revalidate = 300;

export const metadata: Metadata = {
  ...pageMetadata({
    title: `${SITE_NAME}: buy mobile phones online at the best price in India`,
    description:
      "Shop the latest 5G smartphones, iPhones, foldables and feature phones. Compare specs, read reviews and get the best deals. Prices include GST.",
    path: "/",
  }),
  title: { absolute: `${SITE_NAME}: buy mobile phones online at the best price in India` },
};

function Section({ id, title, href, linkLabel, children }: { id: string; title: string; href: string; linkLabel: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-12">
      <div className="mb-4 flex items-baseline justify-between gap-4">
        <h2 id={id} className="text-2xl font-bold">
          {title}
        </h2>
        <Link href={href} prefetch={false} className="text-sm font-semibold text-brand-800 underline-offset-2 hover:underline">
          {linkLabel}
          <span aria-hidden="true"> →</span>
        </Link>
      </div>
      {children}
    </section>
  );
}

function Hero({ featured, phones, brands }: { featured?: ProductListItem; phones: number; brands: number }) {
  return (
    <section aria-labelledby="hero-heading" className="overflow-hidden rounded-2xl bg-gradient-to-br from-brand-900 to-brand-700 text-white">
      <div className="grid items-center gap-6 p-6 sm:min-h-[22rem] sm:grid-cols-[1fr_18rem] sm:p-10">
        <div>
          <h1 id="hero-heading" className="text-3xl font-extrabold leading-tight sm:text-5xl">
            The right phone, at the right price.
          </h1>
          <p className="mt-4 max-w-xl text-lg text-indigo-100">
            {phones.toLocaleString("en-IN")} phones from {brands} brands. Compare specs side by side, filter by what matters and get it delivered across India.
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link href="/shop" prefetch={false} className="btn bg-white text-brand-900 hover:bg-indigo-50">
              Shop all phones
            </Link>
            {featured ? (
              <Link href={`/product/${featured.slug}`} prefetch={false} className="btn border border-white text-white hover:bg-white/10">
                New: {featured.title}
              </Link>
            ) : null}
          </div>
        </div>
        {featured ? (
          <Link href={`/product/${featured.slug}`} prefetch={false} className="mx-auto block w-full max-w-[12rem] rounded-xl bg-white p-3 text-ink sm:max-w-[18rem] sm:p-4">
            <div className="relative aspect-square w-full">
              {featured.thumbnail ? (
                <ProductImage
                  src={featured.thumbnail.url}
                  width={featured.thumbnail.width}
                  height={featured.thumbnail.height}
                  alt={featured.title}
                  sizes="(min-width: 640px) 256px, 168px"
                  preload
                  fetchPriority="high"
                  className="h-full w-full object-contain"
                />
              ) : (
                <NoImage label={featured.title} />
              )}
            </div>
            <p className="mt-2 truncate text-sm font-semibold">{featured.title}</p>
            {featured.price ? <p className="text-sm">From {formatPrice(featured.price)}</p> : null}
          </Link>
        ) : null}
      </div>
    </section>
  );
}

export default async function HomePage() {
  // One request for every section (GET /api/home/, cached by the API and invalidated by catalogue changes).
  const { brands, newest, top_rated: topRated, deals, phone_count: phoneCount } = await getHome();
  const featured = newest.find((p) => p.thumbnail) ?? newest[0];

  return (
    <>
      <JsonLd data={websiteJsonLd()} />
      <Hero featured={featured} phones={phoneCount} brands={brands.length} />

      <section aria-labelledby="brands-heading" className="mt-12">
        <h2 id="brands-heading" className="mb-4 text-2xl font-bold">
          Shop by brand
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
          {brands.map((b) => (
            <li key={b.slug}>
              <Link
                href={`/brand/${b.slug}`}
                prefetch={false}
                className="flex h-20 flex-col items-center justify-center rounded-xl border border-gray-200 bg-white text-center hover:border-brand-700 hover:bg-brand-50"
              >
                <span className="font-semibold">{b.name}</span>
                <span className="text-xs text-muted">{b.product_count} phones</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {deals.length ? (
        <Section id="deals-heading" title="Biggest deals" href="/shop?sort=popularity" linkLabel="All phones">
          <ProductGrid products={deals} />
        </Section>
      ) : null}

      <Section id="new-heading" title="New launches" href="/shop?sort=newest" linkLabel="See all new phones">
        <ProductGrid products={newest} />
      </Section>

      <Section id="rated-heading" title="Top rated" href="/shop?sort=-rating" linkLabel="See all top rated">
        <ProductGrid products={topRated} />
      </Section>
    </>
  );
}
