import type { ProductListItem } from "@/lib/types";
import { ProductCard, ProductCardSkeleton } from "./ProductCard";

export const GRID_CLASS = "grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 sm:gap-4";

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
    <ul className={GRID_CLASS} data-testid="product-grid">
      {products.map((p, i) => (
        // Cards past the eager ones (a listing's first screen) are not styled, laid out or painted until scrolled near
        // (content-visibility): a page of cards was two full layouts of ~1,200 elements at load on a phone (issue 21).
        // A card's last size is kept.
        <li key={p.id} className={i < eagerCount ? undefined : "[contain-intrinsic-size:auto_24rem] [content-visibility:auto]"}>
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
