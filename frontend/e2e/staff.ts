/** The staff API as the e2e stack's staff account (scripts/e2e-stack.sh creates it): catalog changes, deliveries. */
import { expect } from "@playwright/test";
import { API_URL } from "./api";

const STAFF_EMAIL = process.env.E2E_STAFF_EMAIL ?? "";
const STAFF_PASSWORD = process.env.E2E_STAFF_PASSWORD ?? "";

// One sign-in serves the specs for a few minutes (an access token lives longer): the sign-in endpoint allows five
// attempts a minute per account, which a run of every staff journey would otherwise pass.
const TOKEN_REUSE_MS = 3 * 60 * 1000;
let signedIn: { access: string; at: number } | null = null;

export async function staffToken(): Promise<string> {
  if (signedIn && Date.now() - signedIn.at < TOKEN_REUSE_MS) return signedIn.access;
  const res = await fetch(`${API_URL}/api/auth/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ email: STAFF_EMAIL, password: STAFF_PASSWORD }),
  });
  expect(res.status, "the e2e stack creates the staff account (scripts/e2e-stack.sh)").toBe(200);
  signedIn = { access: ((await res.json()) as { access: string }).access, at: Date.now() };
  return signedIn.access;
}

export async function staff<T = Record<string, unknown>>(token: string, path: string, body?: unknown, method?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${API_URL}/api/staff/${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

export async function staffOk<T = Record<string, unknown>>(token: string, path: string, body?: unknown, method?: string): Promise<T> {
  const res = await staff<T>(token, path, body, method);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/** A valid IMEI (Luhn check digit) no other unit of the run carries: a made-up TAC and a random serial. */
export function freshImei(): string {
  const body = `35${String(Math.floor(Math.random() * 1e12)).padStart(12, "0")}`;
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    total += d;
  }
  return body + String((10 - (total % 10)) % 10);
}

interface UnitsOrder {
  status: string;
  awaiting_imei: boolean;
  items: { id: number; quantity: number; imei_required: boolean; units: unknown[] }[];
}

/**
 * Staff record an IMEI for every phone unit of a paid (or COD confirmed) order, as at the packing table (the e2e
 * stack runs without the demo's generated IMEIs): the order is then booked with the carrier and packed.
 */
export async function recordImeis(token: string, orderId: number): Promise<UnitsOrder> {
  const order = await staffOk<UnitsOrder>(token, `orders/${orderId}/`);
  const lines = order.items.filter((i) => i.imei_required && i.units.length < i.quantity);
  if (!lines.length) return order;
  const items = lines.map((i) => ({ item_id: i.id, units: Array.from({ length: i.quantity }, () => ({ imeis: [freshImei()] })) }));
  return staffOk<UnitsOrder>(token, `orders/${orderId}/units/`, { items });
}

/** Paid (or confirmed) → delivered as the courier would report it: IMEIs recorded, the shipment booked (recording them books it), shipped, delivered. */
export async function deliver(token: string, orderId: number) {
  let order = await recordImeis(token, orderId);
  if (order.status === "PAID" || order.status === "CONFIRMED") order = await staffOk(token, `orders/${orderId}/shipment/`, {});
  await staffOk(token, `orders/${orderId}/transition/`, { to: "SHIPPED" });
  order = await staffOk(token, `orders/${orderId}/transition/`, { to: "DELIVERED" });
  expect(order.status).toBe("DELIVERED");
}
