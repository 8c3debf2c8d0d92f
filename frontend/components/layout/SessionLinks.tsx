"use client";

import Link from "next/link";
import { useSessionHint } from "@/lib/store-client";

/**
 * Account and cart links. Static pages are the same for everyone, so the count and the signed-in state
 * come from the non-secret hint cookie the route handlers keep current; until hydration a neutral label
 * of the same size shows (no layout shift).
 */
export function SessionLinks() {
  const hint = useSessionHint();
  const count = hint?.count ?? 0;
  return (
    <>
      <Link
        href={hint?.signedIn ? "/account" : "/login"}
        prefetch={false}
        className="inline-flex min-h-10 min-w-20 items-center justify-center rounded-md px-2 text-sm font-medium hover:bg-gray-100"
        data-testid="account-link"
      >
        {hint?.signedIn ? "Account" : "Sign in"}
      </Link>
      <Link
        href="/cart"
        prefetch={false}
        className="relative inline-flex min-h-10 items-center gap-1 rounded-md px-2 text-sm font-medium hover:bg-gray-100"
        data-testid="cart-link"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6" strokeLinecap="round" strokeLinejoin="round" />
          <circle cx="10" cy="20" r="1.4" />
          <circle cx="17" cy="20" r="1.4" />
        </svg>
        Cart
        <span
          className={`inline-grid h-5 min-w-5 place-items-center rounded-full px-1 text-xs font-bold ${count ? "bg-brand-700 text-white" : "bg-gray-200 text-gray-700"}`}
          data-testid="cart-count"
        >
          {count}
        </span>
        {/* The name read out starts with the words shown ("Cart 2"), then says what the number is. */}
        <span className="sr-only">{count === 1 ? "item" : "items"}</span>
      </Link>
    </>
  );
}
