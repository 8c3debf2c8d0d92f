import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { Listing } from "@/components/listing/Listing";
import { getProducts } from "@/lib/api";
import { listingCanonical, loadListing } from "@/lib/listing";
import { parseListingQuery } from "@/lib/query";
import { pageMetadata } from "@/lib/seo";

export async function generateMetadata({ searchParams }: PageProps<"/shop">): Promise<Metadata> {
  const query = parseListingQuery(await searchParams);
  return pageMetadata({
    title: query.page > 1 ? `All mobile phones, page ${query.page}` : "All mobile phones: prices, specs and offers",
    description: "Browse every phone we sell. Filter by brand, price, RAM, storage, colour, 5G and rating; prices in ₹ include GST.",
    path: listingCanonical("/shop", query),
  });
}

export default async function ShopPage({ searchParams }: PageProps<"/shop">) {
  const query = parseListingQuery(await searchParams);
  const { data, invalid } = await loadListing(() => getProducts(query));
  return (
    <Listing
      pathname="/shop"
      query={query}
      data={data}
      invalid={invalid}
      header={
        <>
          <Breadcrumbs items={[{ name: "Home", href: "/" }, { name: "All phones" }]} />
          <h1 className="mb-6 text-3xl font-bold">All mobile phones</h1>
        </>
      }
    />
  );
}
