/**
 * The shopper's compare list (up to four phones), kept in localStorage so it survives navigation and
 * reloads, and shared by every "Add to compare" button through useSyncExternalStore.
 */
"use client";

import { useSyncExternalStore } from "react";

export const COMPARE_MAX = 4;
const KEY = "phonestore:compare";

export interface CompareItem {
  slug: string;
  title: string;
}

const EMPTY: CompareItem[] = [];
let cached: CompareItem[] | null = null;
const listeners = new Set<() => void>();

function read(): CompareItem[] {
  if (cached) return cached;
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "[]");
    cached = Array.isArray(parsed)
      ? parsed
          .filter((x): x is CompareItem => typeof x?.slug === "string" && typeof x?.title === "string")
          .slice(0, COMPARE_MAX)
      : [];
  } catch {
    cached = [];
  }
  // An empty list is the server's snapshot itself: hydration then re-renders no compare button (issue 21).
  if (!cached.length) cached = EMPTY;
  return cached;
}

function write(items: CompareItem[]) {
  cached = items.length ? items : EMPTY;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(items));
  } catch {
    /* private mode: keep it in memory */
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) {
      cached = null;
      listener();
    }
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useCompareList(): CompareItem[] {
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}

export function toggleCompare(item: CompareItem): "added" | "removed" | "full" {
  const items = read();
  if (items.some((i) => i.slug === item.slug)) {
    write(items.filter((i) => i.slug !== item.slug));
    return "removed";
  }
  if (items.length >= COMPARE_MAX) return "full";
  write([...items, item]);
  return "added";
}

export function removeFromCompare(slug: string) {
  write(read().filter((i) => i.slug !== slug));
}

export function setCompareList(items: CompareItem[]) {
  write(items.slice(0, COMPARE_MAX));
}

export function compareHref(items: { slug: string }[]): string {
  return items.length ? `/compare?p=${items.map((i) => encodeURIComponent(i.slug)).join(",")}` : "/compare";
}
