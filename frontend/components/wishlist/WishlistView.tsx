"use client";

import Link from "next/link";
import { useState } from "react";
import { formatPrice, formatStorage } from "@/lib/format";
import type { WishlistItem } from "@/lib/types";
import { removeWish, useWishlist } from "@/lib/wishlist-store";
import { AddToCartButton } from "../cart/AddToCartButton";
import { NoImage, ProductImage } from "../ProductImage";

/**
 * The wishlist's rows: the server's list first, then the browser's store once it has synced (it holds the
 * guest's hearts merged at sign-in, which the server's first answer may not have had yet). A phone saved from
 * its page shows the variant chosen there; one saved from a card, its cheapest variant on sale.
 */
export function WishlistView({ initial }: { initial: WishlistItem[] }) {
  const { ready, signedIn, items } = useWishlist();
  const synced = ready && signedIn && items !== null;
  const rows = synced ? items : initial;
  if (!rows.length)
    return (
      <p className="text-sm text-muted" data-testid="wishlist-empty">
        Nothing saved yet: tap the heart on a phone to keep it here.{" "}
        <Link href="/shop" className="font-semibold text-brand-800 underline">
          Find a phone
        </Link>
      </p>
    );
  return (
    <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200" data-testid="wishlist">
      {rows.map((item) => (
        <Row key={item.product.id} item={item} synced={synced} />
      ))}
    </ul>
  );
}

/** `synced`: the store holds the account's list; removing waits for it (a removal during the sync would come back). */
function Row({ item, synced }: { item: WishlistItem; synced: boolean }) {
  const { product: p, variant: v } = item;
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const sold = p.price !== null;
  const price = v ? v.price : p.price;
  const inStock = v ? v.in_stock : p.available;
  const href = `/product/${p.slug}${v ? `?variant=${encodeURIComponent(v.sku)}` : ""}`;

  async function remove() {
    setBusy(true);
    const result = await removeWish(p.id);
    if (!result.ok) {
      setMessage(result.message);
      setBusy(false);
    }
  }

  return (
    <li className="flex flex-wrap items-center gap-4 p-3" data-testid="wishlist-item" data-slug={p.slug}>
      <div className="h-20 w-20 shrink-0 overflow-hidden rounded-lg bg-gray-50">
        {p.thumbnail ? (
          <ProductImage src={p.thumbnail.url} width={p.thumbnail.width} height={p.thumbnail.height} alt="" sizes="80px" className="h-full w-full object-contain p-1" />
        ) : (
          <NoImage label={p.title} />
        )}
      </div>
      <div className="min-w-48 flex-1">
        {sold ? (
          <Link href={href} prefetch={false} className="font-semibold text-ink hover:text-brand-800 hover:underline">
            {p.title}
          </Link>
        ) : (
          <span className="font-semibold">{p.title}</span>
        )}
        <p className="text-sm text-muted">{v ? `${v.ram_gb} GB RAM / ${formatStorage(v.storage_gb)}, ${v.color}` : `${p.brand.name}`}</p>
        <p className="text-sm">
          {sold ? (
            <>
              <span className="font-bold">{v ? formatPrice(price) : `From ${formatPrice(price)}`}</span>
              {inStock ? null : <span className="ml-2 font-semibold text-red-700">Out of stock</span>}
            </>
          ) : (
            <span className="font-semibold text-red-700">No longer sold</span>
          )}
        </p>
      </div>
      <div className="flex w-full items-start gap-2 sm:w-auto">
        {sold && inStock ? (
          <div className="w-36">
            <AddToCartButton variant={v?.id} product={v ? undefined : p.slug} size="sm" name={p.title} />
          </div>
        ) : null}
        <div>
          <button type="button" className="btn btn-secondary mt-1 px-3 py-1.5 text-sm" onClick={remove} disabled={busy || !synced} data-testid="wishlist-remove">
            Remove<span className="sr-only">: {p.title}</span>
          </button>
          <p role="status" className="min-h-4 text-xs text-red-700">
            {message}
          </p>
        </div>
      </div>
    </li>
  );
}
