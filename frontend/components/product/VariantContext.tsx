"use client";

import { createContext, use, useCallback, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { Variant } from "@/lib/types";

/**
 * The chosen variant lives in the URL (?variant=<sku>) so a link reproduces it. The product page is
 * statically rendered (ISR) with the default variant; after hydration the URL's choice takes over.
 * The URL is read with useSyncExternalStore rather than useSearchParams so the page stays static.
 */
const listeners = new Set<() => void>();

function subscribe(cb: () => void) {
  listeners.add(cb);
  window.addEventListener("popstate", cb);
  return () => {
    listeners.delete(cb);
    window.removeEventListener("popstate", cb);
  };
}
const getSku = () => new URLSearchParams(window.location.search).get("variant") ?? "";
const getServerSku = () => "";

interface VariantState {
  variants: Variant[];
  variant: Variant;
  select: (v: Variant) => void;
}

const Ctx = createContext<VariantState | null>(null);

export function useVariant(): VariantState {
  const v = use(Ctx);
  if (!v) throw new Error("useVariant outside VariantProvider");
  return v;
}

export function useOptionalVariant(): VariantState | null {
  return use(Ctx);
}

export function VariantProvider({ variants, defaultSku, children }: { variants: Variant[]; defaultSku: string; children: ReactNode }) {
  const sku = useSyncExternalStore(subscribe, getSku, getServerSku);
  const variant = useMemo(
    () => variants.find((v) => v.sku === sku) ?? variants.find((v) => v.sku === defaultSku) ?? (variants[0] as Variant),
    [variants, sku, defaultSku],
  );
  const select = useCallback((v: Variant) => {
    const url = new URL(window.location.href);
    url.searchParams.set("variant", v.sku);
    window.history.replaceState(null, "", `${url.pathname}${url.search}${url.hash}`);
    listeners.forEach((l) => l());
  }, []);
  return <Ctx value={{ variants, variant, select }}>{children}</Ctx>;
}
