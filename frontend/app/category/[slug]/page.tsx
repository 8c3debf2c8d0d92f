import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { JsonLd } from "@/components/JsonLd";
import { Listing } from "@/components/listing/Listing";
import { getCategoryTrail, getProducts } from "@/lib/api";
import { listingCanonical, loadListing } from "@/lib/listing";
import { parseListingQuery } from "@/lib/query";
import { breadcrumbJsonLd, pageMetadata } from "@/lib/seo";

export async function generateMetadata({ params, searchParams }: PageProps<"/category/[slug]">): Promise<Metadata> {
  const { slug } = await params;
  const trail = await getCategoryTrail(slug);
  const category = trail?.at(-1);
  if (!category) notFound();
  const query = parseListingQuery(await searchParams);
  return pageMetadata({
    title: `${category.name}: buy online at the best price`,
    description: `Shop ${category.name.toLowerCase()} (${category.category_path}) with prices in ₹ including GST. Filter by brand, price, RAM, storage and more.`,
    path: listingCanonical(`/category/${slug}`, query),
  });
}

export default async function CategoryPage({ params, searchParams }: PageProps<"/category/[slug]">) {
  const { slug } = await params;
  // Checked before anything streams, so an unknown category answers with a real 404 status.
  const trail = await getCategoryTrail(slug);
  const category = trail?.at(-1);
  if (!trail || !category) notFound();
  const query = parseListingQuery(await searchParams);
  const { data, invalid } = await loadListing(() => getProducts({ ...query, category: slug }));
  const path = `/category/${slug}`;
  const crumbs = [{ name: "Home", path: "/" }, ...trail.map((c) => ({ name: c.name, path: `/category/${c.slug}` }))];
  return (
    <Listing
      pathname={path}
      query={query}
      data={data}
      invalid={invalid}
      header={
        <>
          <JsonLd data={breadcrumbJsonLd(crumbs)} />
          <Breadcrumbs items={crumbs.map((c) => ({ name: c.name, href: c.path }))} />
          <h1 className="mb-4 text-3xl font-bold">{category.name}</h1>
          {category.children.length ? (
            <ul className="mb-6 flex flex-wrap gap-2" aria-label={`Kinds of ${category.name.toLowerCase()}`}>
              {category.children.map((c) => (
                <li key={c.slug}>
                  <Link href={`/category/${c.slug}`} className="inline-flex min-h-9 items-center rounded-full border border-gray-300 px-4 text-sm hover:border-brand-700 hover:bg-brand-50">
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      }
    />
  );
}
