import type { Metadata } from "next";
import Link from "next/link";
import { AlertsView } from "@/components/wishlist/AlertsView";
import { WishlistView } from "@/components/wishlist/WishlistView";
import { getAlerts, getWishlist, requireUser } from "@/lib/server/account";

export const metadata: Metadata = { title: "Your wishlist and alerts", robots: { index: false, follow: false } };

/** The signed-in shopper's wishlist (phones saved with the heart) and price and stock alerts. */
export default async function WishlistPage() {
  await requireUser("/account/wishlist");
  const [wishlist, alerts] = await Promise.all([getWishlist(), getAlerts()]);
  return (
    <div className="space-y-10">
      <div>
        <p className="text-sm">
          <Link href="/account" className="text-brand-800 underline">
            Your account
          </Link>
        </p>
        <h1 className="text-2xl font-bold sm:text-3xl">Your wishlist</h1>
        <p className="text-muted">Phones you saved with the heart{wishlist ? `, up to ${wishlist.max_items}` : ""}.</p>
      </div>
      <WishlistView initial={wishlist?.items ?? []} />
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading" className="mb-1 text-xl font-bold">
          Price and stock alerts
        </h2>
        <p className="mb-3 text-sm text-muted">
          We email you when a phone is back in stock or costs less than when you asked, at most once a day per phone.
        </p>
        <AlertsView initial={alerts?.items ?? []} />
      </section>
    </div>
  );
}
