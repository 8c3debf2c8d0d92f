import type { Variant } from "./types";

export type Dim = "color" | "ram_gb" | "storage_gb";

export function uniqueValues<K extends Dim>(variants: Variant[], dim: K): Variant[K][] {
  const values = [...new Set(variants.map((v) => v[dim]))] as Variant[K][];
  return dim === "color" ? values : (values as number[]).sort((a, b) => a - b) as Variant[K][];
}

/**
 * The variant to show after the shopper picks `value` for `dim`: keep the other two choices when such
 * a variant exists, otherwise the closest one (most choices kept, then in stock, then cheapest).
 */
export function pickVariant(variants: Variant[], current: Variant, dim: Dim, value: string | number): Variant {
  const withValue = variants.filter((v) => v[dim] === value);
  const dims: Dim[] = ["color", "ram_gb", "storage_gb"];
  const score = (v: Variant) => dims.filter((d) => d !== dim && v[d] === current[d]).length;
  return (
    [...withValue].sort(
      (a, b) => score(b) - score(a) || Number(b.in_stock) - Number(a.in_stock) || Number(a.price) - Number(b.price) || a.id - b.id,
    )[0] ?? current
  );
}

/** Whether `value` for `dim` exists together with the current choices in the other two dimensions. */
export function existsWith(variants: Variant[], current: Variant, dim: Dim, value: string | number): Variant | undefined {
  return variants.find(
    (v) => v[dim] === value && (["color", "ram_gb", "storage_gb"] as Dim[]).every((d) => d === dim || v[d] === current[d]),
  );
}
