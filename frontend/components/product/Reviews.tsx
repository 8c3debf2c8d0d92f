import { getReviews } from "@/lib/api";
import { formatRating } from "@/lib/format";
import type { ProductDetail } from "@/lib/types";
import { MoreReviews, ReviewItem } from "./ReviewList";

export async function Reviews({ product }: { product: ProductDetail }) {
  let first;
  try {
    first = await getReviews(product.slug);
  } catch {
    first = null;
  }
  return (
    <div className="grid gap-8 md:grid-cols-[14rem_1fr]">
      <div className="rounded-xl bg-gray-50 p-5 text-center md:self-start" data-testid="rating-summary">
        {product.review_count ? (
          <>
            <p className="text-5xl font-bold">{formatRating(product.rating)}</p>
            <p className="mt-1 text-amber-700" aria-hidden="true">
              {"★★★★★".slice(0, Math.round(product.rating))}
              <span className="text-gray-400">{"★★★★★".slice(Math.round(product.rating))}</span>
            </p>
            <p className="mt-1 text-sm text-muted">
              <span className="sr-only">Average rating {formatRating(product.rating)} out of 5, from </span>
              {product.review_count.toLocaleString("en-IN")} review{product.review_count === 1 ? "" : "s"}
            </p>
          </>
        ) : (
          <p className="text-muted">No reviews yet</p>
        )}
      </div>
      <div>
        {first === null ? (
          <p className="text-muted">Reviews could not be loaded just now.</p>
        ) : first.results.length ? (
          <>
            <ol className="space-y-6">
              {first.results.map((r) => (
                <ReviewItem key={r.id} review={r} />
              ))}
            </ol>
            {first.total_pages > 1 ? <MoreReviews slug={product.slug} totalPages={first.total_pages} /> : null}
          </>
        ) : (
          <p className="text-muted">Be the first to review this phone.</p>
        )}
      </div>
    </div>
  );
}

export function ReviewsSkeleton() {
  return (
    <div className="space-y-4" role="status" aria-label="Loading reviews">
      {Array.from({ length: 3 }, (_, i) => (
        <div key={i} className="skeleton h-20 w-full rounded-lg" />
      ))}
    </div>
  );
}
