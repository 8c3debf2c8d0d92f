/**
 * The shopper's data for server components (cart, orders, addresses, profile), read with the access
 * token from the cookies (proxy.ts has already refreshed it when needed). Never cached. Server-only.
 */
import { cookies } from "next/headers";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { API_URL } from "../config";
import type { Address, AddressPage, AlertList, ApiErrorBody, Cart, CheckoutOptions, Consents, ErasureInfo, Order, OrderPage, OrderReturns, Tracking, User, Wishlist } from "../types";
import { COOKIE } from "./session";

export interface Answer<T> {
  status: number;
  body: T | null;
  /** A refusal's error as the API sent it ({code, message, fields}), else null. */
  error: ApiErrorBody["error"] | null;
}

export async function pageApi<T>(path: string): Promise<Answer<T>> {
  const jar = await cookies();
  const headers: Record<string, string> = { Accept: "application/json" };
  const access = jar.get(COOKIE.access)?.value;
  if (access) headers.Authorization = `Bearer ${access}`;
  const cart = jar.get(COOKIE.cart)?.value;
  if (cart) headers["X-Cart-Token"] = cart;
  try {
    const res = await fetch(`${API_URL}${path}`, { headers, cache: "no-store" });
    const data: unknown = await res.json().catch(() => null);
    if (res.ok) return { status: res.status, body: data as T, error: null };
    return { status: res.status, body: null, error: (data as Partial<ApiErrorBody> | null)?.error ?? null };
  } catch {
    return { status: 503, body: null, error: null };
  }
}

export async function hasSession(): Promise<boolean> {
  return Boolean((await cookies()).get(COOKIE.access)?.value);
}

/**
 * The signed-in shopper, or a redirect to /login that comes back to `next`. Memoised per request: the
 * routes with a loading.tsx call it in their layout (so the redirect is a real 307, sent before anything
 * streams) and again in their page, with one API call.
 */
export const requireUser = cache(async function requireUser(next: string): Promise<User> {
  const login = `/login?next=${encodeURIComponent(next)}`;
  if (!(await hasSession())) redirect(login);
  const me = await pageApi<User>("/api/auth/me/");
  if (me.status === 401 || me.status === 403) redirect(login);
  if (!me.body) throw new Error(`The account service answered ${me.status}.`);
  return me.body;
});

export async function getCart(): Promise<Cart | null> {
  return (await pageApi<Cart>("/api/cart/")).body;
}

export async function getCheckoutOptions(): Promise<CheckoutOptions | null> {
  return (await pageApi<CheckoutOptions>("/api/checkout/options/")).body;
}

export async function getAddresses(): Promise<Address[]> {
  return (await pageApi<AddressPage>("/api/addresses/?page_size=50")).body?.results ?? [];
}

/** The shopper's consents and whether (and how) their account can be deleted: the account page's privacy part. */
export async function getConsents(): Promise<Consents | null> {
  return (await pageApi<Consents>("/api/account/consents/")).body;
}

export async function getErasureInfo(): Promise<ErasureInfo | null> {
  return (await pageApi<ErasureInfo>("/api/account/erasure/")).body;
}

export async function getOrders(): Promise<OrderPage | null> {
  return (await pageApi<OrderPage>("/api/orders/?page_size=20")).body;
}

/**
 * The shopper's own order; another shopper's (or a missing one) is a 404 page. Memoised per request, like
 * requireUser: the order and Stripe payment layouts check it before the loading skeleton streams, so the
 * 404 is a real one, and their pages read it again without another API call.
 */
export const getOrder = cache(async function getOrder(id: string): Promise<Order> {
  if (!/^\d{1,12}$/.test(id)) notFound();
  const answer = await pageApi<Order>(`/api/orders/${id}/`);
  if (answer.status === 404) notFound();
  if (!answer.body) throw new Error(`The order service answered ${answer.status}.`);
  return answer.body;
});

/** /payment/stripe/[orderId]: the owner's order awaiting a Stripe payment; anything else goes to its order page. */
export async function getStripePayableOrder(orderId: string): Promise<Order> {
  await requireUser(`/payment/stripe/${orderId}`);
  const order = await getOrder(orderId);
  if (order.payment_method !== "stripe" || order.status !== "PENDING_PAYMENT") redirect(`/order/${order.id}`);
  return order;
}

/** Shipment and tracking events; null while the shipping service is not there (404) or failing. */
/** The order's returns and what may still be asked back (null when the API did not answer). */
export async function getReturns(id: number): Promise<OrderReturns | null> {
  return (await pageApi<OrderReturns>(`/api/orders/${id}/returns/`)).body;
}

export async function getTracking(id: number): Promise<Tracking | null> {
  return (await pageApi<Tracking>(`/api/orders/${id}/tracking/`)).body;
}

/** The shopper's wishlist and alerts (/account/wishlist); null when the API did not answer. */
export async function getWishlist(): Promise<Wishlist | null> {
  return (await pageApi<Wishlist>("/api/wishlist/")).body;
}

export async function getAlerts(): Promise<AlertList | null> {
  return (await pageApi<AlertList>("/api/alerts/")).body;
}
