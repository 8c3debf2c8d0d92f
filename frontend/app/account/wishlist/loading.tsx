/** /account/wishlist while the wishlist and alerts are read. */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading your wishlist" className="min-h-screen space-y-6">
      <span className="sr-only">Loading your wishlist…</span>
      <h1 className="text-2xl font-bold sm:text-3xl" aria-hidden="true">
        Your wishlist
      </h1>
      <div className="space-y-3" aria-hidden="true">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="skeleton h-24 w-full rounded-xl" />
        ))}
      </div>
    </div>
  );
}
