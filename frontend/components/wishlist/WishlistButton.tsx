"use client";

import { useState } from "react";
import { toggleWish, useWishlist } from "@/lib/wishlist-store";
import { HeartIcon } from "./HeartIcon";

interface Props {
  product: number;
  /** The phone's name, for screen readers. */
  title: string;
  /** The product page's chosen variant, remembered with the phone; cards send none. */
  variant?: number | null;
  /** "icon": a round heart over a card's picture; "full": with its words, on the product page. */
  look?: "icon" | "full";
  className?: string;
}

/**
 * A heart that puts a phone on the wishlist or takes it off: a toggle button (aria-pressed), the same on a
 * card and on the product page, pressed while the phone is on the list whatever variant it remembers.
 */
export function WishlistButton({ product, title, variant = null, look = "icon", className = "" }: Props) {
  const { wishes } = useWishlist();
  const wished = wishes.some((w) => w.product === product);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");

  async function toggle() {
    setBusy(true);
    const result = await toggleWish(product, variant);
    setMessage(result.ok ? (result.wished ? "Saved to your wishlist." : "Removed from your wishlist.") : result.message);
    setBusy(false);
  }

  const icon = look === "icon";
  return (
    <div className={className}>
      <button
        type="button"
        aria-pressed={wished}
        // Not disabled until the list is known: toggleWish waits for it. Flipping `disabled` on every heart of a
        // grid just after hydration was one long task under Lighthouse (issue 21).
        disabled={busy}
        onClick={toggle}
        className={
          icon
            ? `grid h-10 w-10 place-items-center rounded-full border border-gray-200 bg-white/90 shadow-sm hover:bg-white ${wished ? "text-red-700" : "text-gray-700"}`
            : `inline-flex min-h-9 items-center gap-2 rounded-md px-2 py-1 text-sm font-medium hover:bg-brand-50 ${wished ? "text-red-700" : "text-brand-800"}`
        }
        data-testid="wishlist-toggle"
        data-product-id={product}
      >
        <HeartIcon filled={wished} />
        {/* One label in both states: aria-pressed says whether it is on (a toggle button's pattern). */}
        {icon ? (
          <span className="sr-only">Save to wishlist: {title}</span>
        ) : (
          <span>
            Save to wishlist<span className="sr-only">: {title}</span>
          </span>
        )}
      </button>
      <p role="status" className={icon ? "sr-only" : "min-h-4 text-xs"} data-testid="wishlist-status">
        {message}
      </p>
    </div>
  );
}
