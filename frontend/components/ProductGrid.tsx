import type { ProductListItem } from "@/lib/types";
import { ProductCard, ProductCardSkeleton } from "./ProductCard";

export const GRID_CLASS = "grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 sm:gap-4";

// Cards past the eager ones (a listing's first screen) are not styled, laid out or painted until scrolled near
// (content-visibility): a page of cards was two full layouts of ~1,200 elements at load on a phone (issue 21).
// Until then each holds a placeholder that must not be shorter than the card, or the last row laps over the
// pagination below (Lighthouse's target-size): the card's square picture (its column's width less 26px; cqw, the
// grid being a size container) and up to 18rem of text and buttons, at least 28.5rem where narrow columns wrap the
// price and specs to three lines (measured in Chromium, 320-1920px wide). Once shown, a card's real size is kept.
const DEFERRED_CARD =
  "[content-visibility:auto] [contain-intrinsic-size:auto_max(28.5rem,50cqw_+_16rem)]" +
  " sm:[contain-intrinsic-size:auto_max(28.5rem,100cqw/3_+_16rem)] lg:[contain-intrinsic-size:auto_max(28.5rem,25cqw_+_16rem)]";

export function ProductGrid({
  products,
  eagerCount = 0,
  headingLevel,
}: {
  products: ProductListItem[];
  eagerCount?: number;
  headingLevel?: "h2" | "h3";
}) {
  return (
    <ul className={`@container ${GRID_CLASS}`} data-testid="product-grid">
      {products.map((p, i) => (
        <li key={p.id} className={i < eagerCount ? undefined : DEFERRED_CARD}>
          <ProductCard product={p} eager={i < eagerCount} preload={eagerCount > 0 && i === 0} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}

export function ProductGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <div className={GRID_CLASS} role="status" aria-label="Loading phones">
      {Array.from({ length: count }, (_, i) => (
        <ProductCardSkeleton key={i} />
      ))}
    </div>
  );
}
