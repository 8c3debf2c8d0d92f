import { formatRating } from "@/lib/format";

export function Rating({ rating, count, className = "" }: { rating: number; count: number; className?: string }) {
  if (!count) return <p className={`text-sm text-muted ${className}`}>No reviews yet</p>;
  const label = `Rated ${formatRating(rating)} out of 5 from ${count.toLocaleString("en-IN")} review${count === 1 ? "" : "s"}`;
  return (
    <p className={`flex items-center gap-1.5 text-sm ${className}`} aria-label={label} role="img">
      <span className="inline-flex items-center gap-0.5 rounded bg-green-700 px-1.5 py-0.5 text-xs font-semibold text-white">
        {formatRating(rating)}
        <svg aria-hidden="true" viewBox="0 0 20 20" width="12" height="12" fill="currentColor">
          <path d="M10 1.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L10 14.9l-5.2 2.7 1-5.8L1.5 7.7l5.9-.9z" />
        </svg>
      </span>
      <span className="text-muted">({count.toLocaleString("en-IN")})</span>
    </p>
  );
}
