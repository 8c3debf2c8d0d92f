"use client";

import Link from "next/link";
import { useWishlist } from "@/lib/wishlist-store";
import { HeartIcon } from "../wishlist/HeartIcon";

/**
 * The header's wishlist link, on every page; its store is what merges a guest's hearts into the account once
 * the shopper signs in (lib/wishlist-store.ts). A guest is asked to sign in first and comes back to the list.
 */
export function WishlistLink() {
  const { ready, signedIn, wishes } = useWishlist();
  const count = ready ? wishes.length : 0;
  return (
    <Link
      prefetch={false}
      href={signedIn ? "/account/wishlist" : `/login?next=${encodeURIComponent("/account/wishlist")}`}
      className="inline-flex min-h-10 items-center gap-1 rounded-md px-2 text-sm font-medium hover:bg-gray-100"
      data-testid="wishlist-link"
      aria-label={`Wishlist, ${count} ${count === 1 ? "phone" : "phones"}`}
    >
      <HeartIcon />
      <span className="hidden sm:inline">Wishlist</span>
      <span className="inline-grid h-5 min-w-5 place-items-center rounded-full bg-gray-200 px-1 text-xs font-bold text-gray-700" data-testid="wishlist-count">
        {count}
      </span>
    </Link>
  );
}
