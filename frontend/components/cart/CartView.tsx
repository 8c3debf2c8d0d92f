"use client";

import Link from "next/link";
import { useState } from "react";
import { formatPrice } from "@/lib/format";
import { StoreError, store } from "@/lib/store-client";
import type { Cart, CartLine } from "@/lib/types";
import { NoImage, ProductImage } from "../ProductImage";
import { CouponField } from "./CouponField";
import { Totals, cartTotals } from "./Totals";

function Line({ line, busy, onQuantity, onRemove, error }: {
  line: CartLine;
  busy: boolean;
  onQuantity: (q: number) => void;
  onRemove: () => void;
  error?: string;
}) {
  const v = line.variant;
  const max = Math.max(1, line.max_quantity);
  return (
    <li className="flex gap-4 border-b border-gray-200 py-4" data-testid="cart-line" data-variant-id={v.id}>
      <Link href={`/product/${v.product_slug}?variant=${encodeURIComponent(v.sku)}`} className="h-24 w-24 shrink-0 overflow-hidden rounded-lg bg-gray-50">
        {v.image ? (
          <ProductImage src={v.image} width={v.image_width || 600} height={v.image_height || 1200} alt={`Photo of ${v.product_title}`} sizes="96px" className="h-full w-full object-contain p-1" />
        ) : (
          <NoImage label={v.product_title} />
        )}
      </Link>
      <div className="flex flex-1 flex-col gap-1">
        <Link href={`/product/${v.product_slug}?variant=${encodeURIComponent(v.sku)}`} className="font-semibold hover:text-brand-800" data-testid="cart-line-title">
          {v.product_title}
        </Link>
        <p className="text-sm text-muted">{v.label}</p>
        <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-semibold">{formatPrice(line.unit_price)}</span>
          {Number(line.unit_mrp) > Number(line.unit_price) ? (
            <span className="text-muted">
              <span className="sr-only">MRP </span>
              <s>{formatPrice(line.unit_mrp)}</s>
            </span>
          ) : null}
          <span className="text-muted">each</span>
        </p>
        {!line.available ? <p className="text-sm font-semibold text-red-700">No longer sold: remove it to check out.</p> : null}
        {line.available && !line.in_stock ? <p className="text-sm font-semibold text-red-700">Only {line.max_quantity} left in stock.</p> : null}
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <div className="inline-flex items-center rounded-lg border border-gray-400" role="group" aria-label={`Quantity of ${v.product_title}`}>
            <button type="button" className="h-9 w-9 text-lg disabled:text-gray-400" aria-label="One fewer" disabled={busy || line.quantity <= 1} onClick={() => onQuantity(line.quantity - 1)} data-testid="qty-minus">
              −
            </button>
            <span className="w-8 text-center font-semibold" aria-live="polite" data-testid="qty">
              {line.quantity}
            </span>
            <button type="button" className="h-9 w-9 text-lg disabled:text-gray-400" aria-label="One more" disabled={busy || line.quantity >= max} onClick={() => onQuantity(line.quantity + 1)} data-testid="qty-plus">
              +
            </button>
          </div>
          <button type="button" className="min-h-9 rounded-md px-2 text-sm font-medium text-brand-800 hover:bg-brand-50" disabled={busy} onClick={onRemove} data-testid="remove-line">
            Remove<span className="sr-only"> {v.product_title}</span>
          </button>
          {line.quantity >= max ? <span className="text-xs text-muted">Limit {max} per order</span> : null}
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="text-right">
        <p className="font-bold" data-testid="line-total">
          {formatPrice(line.line_total)}
        </p>
        {Number(line.savings) > 0 ? <p className="text-xs font-semibold text-deal">You save {formatPrice(line.savings)}</p> : null}
        {Number(line.discount) > 0 ? (
          <p className="text-xs font-semibold text-deal" data-testid="line-coupon">
            Coupon −{formatPrice(line.discount)}
          </p>
        ) : null}
      </div>
    </li>
  );
}

export function CartView({ initial, signedIn }: { initial: Cart | null; signedIn: boolean }) {
  const [cart, setCart] = useState<Cart | null>(initial);
  const [busy, setBusy] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<number, string>>({});

  async function change(line: CartLine, quantity: number | null) {
    setBusy(line.id);
    setErrors((e) => ({ ...e, [line.id]: "" }));
    try {
      const next =
        quantity === null
          ? await store<Cart>(`cart/items/${line.id}`, { method: "DELETE" })
          : await store<Cart>(`cart/items/${line.id}`, { method: "PATCH", body: { quantity } });
      setCart(next);
    } catch (err) {
      const message = err instanceof StoreError ? (err.fields.quantity?.[0] ?? err.message) : "Could not update the cart.";
      setErrors((e) => ({ ...e, [line.id]: message }));
    } finally {
      setBusy(null);
    }
  }

  if (!cart || cart.items.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-gray-300 p-10 text-center" data-testid="cart-empty">
        <p className="text-lg font-semibold">Your cart is empty</p>
        <p className="mt-1 text-muted">Find a phone you like and add it here.</p>
        <Link href="/shop" className="btn btn-primary mt-6">
          Browse phones
        </Link>
      </div>
    );
  }

  const threshold = Number(cart.free_shipping_threshold);
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <section aria-label="Phones in your cart">
        <p className="text-sm text-muted" data-testid="cart-count-text">
          {cart.item_count} {cart.item_count === 1 ? "item" : "items"}
        </p>
        <ul>
          {cart.items.map((line) => (
            <Line
              key={line.id}
              line={line}
              busy={busy === line.id}
              error={errors[line.id]}
              onQuantity={(q) => change(line, q)}
              onRemove={() => change(line, null)}
            />
          ))}
        </ul>
      </section>
      <aside className="space-y-4">
        <CouponField cart={cart} onCart={setCart} />
        <Totals t={cartTotals(cart)} />
        {Number(cart.shipping_fee) > 0 && threshold > 0 ? (
          <p className="text-sm text-muted">Free delivery on orders of {formatPrice(cart.free_shipping_threshold)} or more.</p>
        ) : null}
        {cart.can_checkout ? (
          <Link href={signedIn ? "/checkout" : "/login?next=/checkout"} className="btn btn-primary w-full py-3 text-base" data-testid="go-checkout">
            {signedIn ? "Proceed to checkout" : "Sign in to check out"}
          </Link>
        ) : (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            Some phones can’t be bought as they are: change or remove them to check out.
          </p>
        )}
        {!signedIn ? (
          <p className="text-center text-sm">
            New here?{" "}
            <Link href="/register?next=/checkout" className="font-semibold text-brand-800 underline">
              Create an account
            </Link>{" "}
            and your cart comes along.
          </p>
        ) : null}
      </aside>
    </div>
  );
}
