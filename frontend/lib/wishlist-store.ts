/**
 * The shopper's wishlist (hearts) and price/stock alerts in the browser, shared by every heart and alert button
 * through useSyncExternalStore.
 *
 * - A guest's wishlist is kept in localStorage (phones, each with the variant chosen on the product page or
 *   null), up to GUEST_WISHLIST_MAX; alerts need an account.
 * - Signed in, the API's wishlist (/api/store/wishlist/) is the one list. **The guest list joins it here, in
 *   syncWishlist(), the one place that follows the session**: whenever the header's session hint turns to
 *   signed in, whichever way the shopper signed in (password, one-time code, registration, a mobile number),
 *   the guest list is posted to /api/wishlist/merge/ and, once the API has it, cleared from the browser. A merge
 *   that fails (offline) keeps the guest list for the next page.
 */
"use client";

import { useEffect, useSyncExternalStore } from "react";
import { StoreError, readHint, store, subscribeSession, type SessionHint } from "./store-client";
import type { Alert, AlertKind, AlertList, Wishlist, WishlistItem } from "./types";

export const GUEST_WISHLIST_MAX = 100;
const KEY = "phonestore:wishlist";

/** A phone on the wishlist: its product id and the variant chosen on its page (null from a card). */
export interface Wish {
  product: number;
  variant: number | null;
}

interface WishlistState {
  /** false until the list is known (hydration, the API's answer). */
  ready: boolean;
  signedIn: boolean;
  wishes: Wish[];
  /** Signed in: the API's list as it answered last (the wishlist page shows it); null for a guest. */
  items: WishlistItem[] | null;
}

const EMPTY: WishlistState = { ready: false, signedIn: false, wishes: [], items: null };
let state: WishlistState = EMPTY;
const listeners = new Set<() => void>();

function set(next: WishlistState) {
  state = next;
  listeners.forEach((l) => l());
}

function readGuest(): Wish[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (w): w is Wish =>
          Number.isInteger(w?.product) && w.product > 0 && (w.variant === null || (Number.isInteger(w.variant) && w.variant > 0)),
      )
      .slice(0, GUEST_WISHLIST_MAX);
  } catch {
    return [];
  }
}

function writeGuest(wishes: Wish[]) {
  try {
    if (wishes.length) window.localStorage.setItem(KEY, JSON.stringify(wishes));
    else window.localStorage.removeItem(KEY);
  } catch {
    /* private mode: kept in memory only */
  }
}

function fromApi(list: Wishlist): WishlistState {
  const wishes = list.items.map((i) => ({ product: i.product.id, variant: i.variant?.id ?? null }));
  return { ready: true, signedIn: true, wishes, items: list.items };
}

let syncing: Promise<void> | null = null;

/**
 * Bring the store in line with the session: signed out, the guest list; signed in, the API's list, with the
 * guest list merged into it first. Called by every wishlist hook when the session hint changes; one call at a
 * time, and nothing to do when the store already follows that session.
 */
export function syncWishlist(signedIn: boolean): Promise<void> {
  if (!signedIn) {
    if (!state.ready || state.signedIn) set({ ready: true, signedIn: false, wishes: readGuest(), items: null });
    return Promise.resolve();
  }
  if (state.ready && state.signedIn) return Promise.resolve();
  // Not ready until the list is the account's: a heart pressed meanwhile waits for it (toggleWish), or it would miss the merge.
  if (state.ready) set({ ...state, ready: false });
  syncing ??= (async () => {
    try {
      const guest = readGuest();
      let list: Wishlist;
      try {
        list = guest.length
          ? await store<Wishlist>("wishlist/merge/", { method: "POST", body: { items: guest } })
          : await store<Wishlist>("wishlist/");
      } catch (err) {
        // A list the API cannot read would be refused on every page: let it go.
        if (!(guest.length && err instanceof StoreError && err.status === 400)) throw err;
        list = await store<Wishlist>("wishlist/");
      }
      if (guest.length) writeGuest([]);
      set(fromApi(list));
    } catch {
      // Offline, or the session just ended (a 401 clears the hint): the guest list stays, the next sync tries again.
      set({ ready: true, signedIn: false, wishes: readGuest(), items: null });
    } finally {
      syncing = null;
    }
  })();
  return syncing;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY && !state.signedIn) set({ ...state, wishes: readGuest() });
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

// The store follows the session from one subscription, however many hearts are on the page. The hint is not read
// while rendering: a heart that did would render again right after hydration (the server knows no hint), every
// heart of a grid at once, in one long task (issue 21).
let following = 0;
let unfollow: (() => void) | null = null;

function followSession(): () => void {
  if (following++ === 0) {
    let last: SessionHint | null = null;
    const check = () => {
      const hint = readHint(); // the same object until the cookie changes
      if (hint !== last) {
        last = hint;
        void syncWishlist(hint.signedIn);
      }
    };
    unfollow = subscribeSession(check);
    check();
  }
  return () => {
    if (--following === 0) {
      unfollow?.();
      unfollow = null;
    }
  };
}

export function useWishlist(): WishlistState {
  const snapshot = useSyncExternalStore(subscribe, () => state, () => EMPTY);
  useEffect(followSession, []);
  return snapshot;
}

export type ToggleResult = { ok: true; wished: boolean } | { ok: false; message: string };

function failure(err: unknown): ToggleResult {
  return { ok: false, message: err instanceof StoreError ? err.message : "Could not change your wishlist. Please try again." };
}

/** Heart or un-heart a phone. `variant`: the one chosen on the product page (cards send none). */
export async function toggleWish(product: number, variant: number | null = null): Promise<ToggleResult> {
  // A heart pressed before the list is known (just after hydration, or during a guest list's merge) waits for it.
  if (!state.ready) await syncWishlist(readHint().signedIn);
  const wished = state.wishes.some((w) => w.product === product);
  if (!state.signedIn) {
    const guest = readGuest();
    if (wished) {
      writeGuest(guest.filter((w) => w.product !== product));
    } else {
      if (guest.length >= GUEST_WISHLIST_MAX) return { ok: false, message: `Your wishlist holds ${GUEST_WISHLIST_MAX} phones at most.` };
      writeGuest([{ product, variant }, ...guest]);
    }
    set({ ...state, wishes: readGuest() });
    return { ok: true, wished: !wished };
  }
  return wished ? removeWish(product) : addWish(product, variant);
}

async function addWish(product: number, variant: number | null): Promise<ToggleResult> {
  try {
    const list = await store<Wishlist>("wishlist/", { method: "POST", body: variant === null ? { product } : { product, variant } });
    set(fromApi(list));
    return { ok: true, wished: true };
  } catch (err) {
    return failure(err);
  }
}

/** Take a phone off the signed-in shopper's wishlist (already gone counts as done). */
export async function removeWish(product: number): Promise<ToggleResult> {
  try {
    await store(`wishlist/${product}/`, { method: "DELETE" });
  } catch (err) {
    if (!(err instanceof StoreError && err.status === 404)) return failure(err);
  }
  set({
    ...state,
    wishes: state.wishes.filter((w) => w.product !== product),
    items: state.items && state.items.filter((i) => i.product.id !== product),
  });
  return { ok: true, wished: false };
}

// ---- alerts (signed in only) ---------------------------------------------------------------------------

interface AlertsState {
  ready: boolean;
  alerts: Alert[];
}

const NO_ALERTS: AlertsState = { ready: false, alerts: [] };
let alertsState: AlertsState = NO_ALERTS;
const alertListeners = new Set<() => void>();
let loadingAlerts: Promise<void> | null = null;

function setAlerts(next: AlertsState) {
  alertsState = next;
  alertListeners.forEach((l) => l());
}

function loadAlerts(): Promise<void> {
  loadingAlerts ??= store<AlertList>("alerts/")
    .then((list) => setAlerts({ ready: true, alerts: list.items }))
    .catch(() => undefined)
    .finally(() => {
      loadingAlerts = null;
    });
  return loadingAlerts;
}

function subscribeAlerts(listener: () => void) {
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

/**
 * The signed-in shopper's alerts, loaded once per page (or taken from `initial`, the page's server-side read);
 * empty and not ready for a guest.
 */
export function useAlerts(signedIn: boolean, initial?: Alert[]): AlertsState {
  const snapshot = useSyncExternalStore(subscribeAlerts, () => alertsState, () => NO_ALERTS);
  useEffect(() => {
    if (signedIn && !alertsState.ready) {
      if (initial) setAlerts({ ready: true, alerts: initial });
      else void loadAlerts();
    }
    if (!signedIn && alertsState.ready) setAlerts(NO_ALERTS);
  }, [signedIn, initial]);
  return snapshot;
}

export type AlertResult = { ok: true } | { ok: false; message: string };

/** Start an alert; a price drop records `seenPrice`, the price the page shows. */
export async function startAlert(variant: number, kind: AlertKind, seenPrice?: string): Promise<AlertResult> {
  try {
    const alert = await store<Alert>("alerts/", { method: "POST", body: seenPrice ? { variant, kind, seen_price: seenPrice } : { variant, kind } });
    setAlerts({ ready: true, alerts: [alert, ...alertsState.alerts.filter((a) => a.id !== alert.id)] });
    return { ok: true };
  } catch (err) {
    return { ok: false, message: err instanceof StoreError ? err.message : "Could not start the alert. Please try again." };
  }
}

/** Stop an alert (already gone counts as done). */
export async function stopAlert(id: number): Promise<AlertResult> {
  try {
    await store(`alerts/${id}/`, { method: "DELETE" });
  } catch (err) {
    if (!(err instanceof StoreError && err.status === 404)) {
      return { ok: false, message: err instanceof StoreError ? err.message : "Could not stop the alert. Please try again." };
    }
  }
  setAlerts({ ready: alertsState.ready, alerts: alertsState.alerts.filter((a) => a.id !== id) });
  return { ok: true };
}
