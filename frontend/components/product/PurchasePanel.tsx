"use client";

import { formatStorage } from "@/lib/format";
import type { Variant } from "@/lib/types";
import { existsWith, pickVariant, uniqueValues, type Dim } from "@/lib/variants";
import { AddToCartButton } from "../cart/AddToCartButton";
import { CompareButton } from "../CompareButton";
import { AlertButtons } from "../wishlist/AlertButtons";
import { WishlistButton } from "../wishlist/WishlistButton";
import { Price } from "../Price";
import { DeliveryEstimate } from "./DeliveryEstimate";
import { useVariant } from "./VariantContext";

function StockLine({ v }: { v: Variant }) {
  if (!v.in_stock) return <p className="font-semibold text-red-700" data-testid="stock">Out of stock</p>;
  if (v.stock > 0 && v.stock <= 5) return <p className="font-semibold text-amber-800" data-testid="stock">Only {v.stock} left in stock</p>;
  return <p className="font-semibold text-green-800" data-testid="stock">In stock</p>;
}

function OptionGroup({ dim, legend, format }: { dim: Dim; legend: string; format: (value: string | number) => string }) {
  const { variants, variant, select } = useVariant();
  const values = uniqueValues(variants, dim);
  if (values.length === 0) return null;
  return (
    <fieldset className="mt-5">
      <legend className="mb-2 text-sm font-semibold">
        {legend}: <span className="font-normal">{format(variant[dim])}</span>
      </legend>
      <div className="flex flex-wrap gap-2">
        {values.map((value) => {
          const exact = existsWith(variants, variant, dim, value);
          const checked = variant[dim] === value;
          const swatch = dim === "color" ? variants.find((v) => v.color === value)?.color_hex : undefined;
          const note = !exact ? " (changes other options)" : !exact.in_stock ? " (out of stock)" : "";
          return (
            <label key={String(value)} className="relative cursor-pointer">
              <input
                type="radio"
                name={dim}
                value={String(value)}
                checked={checked}
                onChange={() => select(pickVariant(variants, variant, dim, value))}
                className="peer sr-only"
                data-testid={`option-${dim}`}
              />
              <span
                className={`flex min-h-10 items-center gap-2 rounded-lg border-2 px-3 text-sm peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 ${
                  checked ? "border-brand-700 bg-brand-50 font-semibold text-brand-900" : exact ? "border-gray-300 hover:border-gray-500" : "border-dashed border-gray-300 text-gray-600"
                } ${exact && !exact.in_stock && !checked ? "line-through" : ""}`}
              >
                {swatch ? <span aria-hidden="true" className="h-5 w-5 rounded-full border border-gray-400" style={{ background: swatch }} /> : null}
                {format(value)}
                {note ? <span className="sr-only">{note}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

export function PurchasePanel({ productId, slug, title }: { productId: number; slug: string; title: string }) {
  const { variant } = useVariant();
  return (
    <div data-testid="purchase-panel" data-sku={variant.sku}>
      <div aria-live="polite">
        <Price price={variant.price} mrp={variant.mrp} discountPercent={variant.discount_percent} size="lg" />
        <p className="text-xs text-muted">Inclusive of all taxes (GST)</p>
        <div className="mt-2 text-sm">
          <StockLine v={variant} />
        </div>
      </div>
      <OptionGroup dim="color" legend="Colour" format={(v) => String(v)} />
      <OptionGroup dim="ram_gb" legend="RAM" format={(v) => `${v} GB`} />
      <OptionGroup dim="storage_gb" legend="Storage" format={(v) => formatStorage(v)} />
      <AddToCartButton variant={variant.id} disabled={!variant.in_stock} />
      <AlertButtons slug={slug} />
      <div className="flex flex-wrap items-start gap-2">
        <WishlistButton product={productId} title={title} variant={variant.id} look="full" />
        <CompareButton slug={slug} title={title} />
      </div>
      <DeliveryEstimate variantId={variant.id} />
    </div>
  );
}
