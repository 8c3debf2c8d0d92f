"use client";

import Link from "next/link";
import { useState } from "react";
import { StoreError, storeFetch } from "@/lib/store-client";
import type { Cart } from "@/lib/types";

interface Props {
  /** A variant id (product page) or a product slug (cards: the API's default variant is added). */
  variant?: number;
  product?: string;
  disabled?: boolean;
  size?: "lg" | "sm";
  label?: string;
  /** The phone's name for screen readers, where many buttons share one label (cards). */
  name?: string;
}

type State = { kind: "idle" } | { kind: "busy" } | { kind: "added"; count: number } | { kind: "error"; message: string };

export function AddToCartButton({ variant, product, disabled = false, size = "lg", label = "Add to cart", name }: Props) {
  const [state, setState] = useState<State>({ kind: "idle" });

  async function add() {
    setState({ kind: "busy" });
    try {
      const cart = await storeFetch<Cart>("/api/cart/add", { method: "POST", body: variant !== undefined ? { variant, quantity: 1 } : { product, quantity: 1 } });
      setState({ kind: "added", count: cart.item_count });
    } catch (err) {
      const message = err instanceof StoreError ? (err.fields.quantity?.[0] ?? err.message) : "Could not add to the cart.";
      setState({ kind: "error", message });
    }
  }

  const lg = size === "lg";
  return (
    <div className={lg ? "mt-6" : "mt-1"}>
      <button
        type="button"
        className={lg ? "btn btn-primary w-full py-3 text-base sm:w-auto sm:px-10" : "btn btn-secondary w-full px-2 py-1.5 text-sm"}
        disabled={disabled || state.kind === "busy"}
        onClick={add}
        data-variant-id={variant}
        data-testid="add-to-cart"
      >
        {disabled ? "Out of stock" : state.kind === "busy" ? "Adding…" : label}
        {name ? <span className="sr-only">: {name}</span> : null}
      </button>
      <p role="status" className={`${lg ? "mt-2 min-h-5 text-sm" : "min-h-4 text-xs"}`} data-testid="add-to-cart-status">
        {state.kind === "added" ? (
          <span className="text-green-800">
            Added.{" "}
            <Link href="/cart" className="font-semibold text-brand-800 underline">
              View cart ({state.count})
            </Link>
          </span>
        ) : state.kind === "error" ? (
          <span className="text-red-700">{state.message}</span>
        ) : null}
      </p>
    </div>
  );
}
