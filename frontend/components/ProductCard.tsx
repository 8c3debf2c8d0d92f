import Link from "next/link";
import type { ProductListItem } from "@/lib/types";
import { formatStorage } from "@/lib/format";
import { AddToCartButton } from "./cart/AddToCartButton";
import { CompareButton } from "./CompareButton";
import { Price } from "./Price";
import { NoImage, ProductImage } from "./ProductImage";
import { Rating } from "./Rating";
import { WishlistButton } from "./wishlist/WishlistButton";

interface Props {
  product: ProductListItem;
  /** The first cards of a page hold the LCP image: load them eagerly. */
  eager?: boolean;
  /** The very first card: its picture is preloaded from <head>. */
  preload?: boolean;
  headingLevel?: "h2" | "h3";
}

export const CARD_IMAGE_SIZES = "(min-width: 1280px) 230px, (min-width: 1024px) 22vw, (min-width: 640px) 30vw, 46vw";

function options(values: number[], fmt: (n: number) => string) {
  return values.length ? values.map(fmt).join(" / ") : "";
}

export function ProductCard({ product: p, eager = false, preload = false, headingLevel: H = "h3" }: Props) {
  const ram = options(p.ram_options, (n) => `${n}`);
  const storage = options(p.storage_options, formatStorage);
  return (
    <article
      className="group relative flex h-full flex-col rounded-xl border border-gray-200 bg-white p-3 shadow-sm transition hover:shadow-md"
      data-testid="product-card"
      data-slug={p.slug}
    >
      <Link href={`/product/${p.slug}`} prefetch={false} className="flex flex-col gap-3 rounded-lg">
        <div className="relative aspect-square w-full overflow-hidden rounded-lg bg-gray-50">
          {p.thumbnail ? (
            <ProductImage
              src={p.thumbnail.url}
              width={p.thumbnail.width}
              height={p.thumbnail.height}
              alt={`Photo of ${p.title}`}
              sizes={CARD_IMAGE_SIZES}
              preload={preload}
              loading={preload ? undefined : eager ? "eager" : "lazy"}
              fetchPriority={preload ? undefined : eager ? "high" : undefined}
              className="h-full w-full object-contain p-2"
            />
          ) : (
            <NoImage label={p.title} />
          )}
          {p.discount_percent > 0 ? (
            <span className="absolute left-2 top-2 rounded bg-deal px-1.5 py-0.5 text-xs font-bold text-white">
              {p.discount_percent}% off
            </span>
          ) : null}
        </div>
        <H className="line-clamp-2 min-h-10 text-sm font-semibold leading-5 text-ink group-hover:text-brand-800" data-testid="card-title">
          {p.title}
        </H>
      </Link>
      {/* Over the picture's corner, beside the link rather than in it (a link cannot hold a button). */}
      <WishlistButton product={p.id} title={p.title} className="absolute right-5 top-5" />
      <div className="mt-1 flex flex-1 flex-col gap-1">
        <Rating rating={p.rating} count={p.review_count} />
        {p.price ? <Price price={p.price} mrp={p.mrp} discountPercent={p.discount_percent} /> : null}
        <p className="min-h-5 text-xs text-muted">
          {ram ? `${ram} GB RAM` : ""}
          {ram && storage ? " · " : ""}
          {storage}
          {p.is_5g ? " · 5G" : ""}
        </p>
        {!p.available ? <p className="text-xs font-semibold text-red-700">Out of stock</p> : null}
        <div className="mt-auto pt-1">
          {p.available ? <AddToCartButton product={p.slug} size="sm" name={p.title} /> : null}
          <CompareButton slug={p.slug} title={p.title} />
        </div>
      </div>
    </article>
  );
}

export function ProductCardSkeleton() {
  return (
    <div className="flex h-full flex-col gap-3 rounded-xl border border-gray-200 p-3" aria-hidden="true">
      <div className="skeleton aspect-square w-full rounded-lg" />
      <div className="skeleton h-10 w-full rounded" />
      <div className="skeleton h-5 w-1/3 rounded" />
      <div className="skeleton h-7 w-2/3 rounded" />
      <div className="skeleton h-4 w-1/2 rounded" />
      <div className="skeleton h-8 w-2/5 rounded" />
    </div>
  );
}
