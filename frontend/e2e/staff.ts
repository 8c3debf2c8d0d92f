/** The staff API as the e2e stack's staff account (scripts/e2e-stack.sh creates it): catalog changes, deliveries. */
import { expect } from "@playwright/test";
import { API_URL } from "./api";

const STAFF_EMAIL = process.env.E2E_STAFF_EMAIL ?? "";
const STAFF_PASSWORD = process.env.E2E_STAFF_PASSWORD ?? "";

export async function staffToken(): Promise<string> {
  const res = await fetch(`${API_URL}/api/auth/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ email: STAFF_EMAIL, password: STAFF_PASSWORD }),
  });
  expect(res.status, "the e2e stack creates the staff account (scripts/e2e-stack.sh)").toBe(200);
  return ((await res.json()) as { access: string }).access;
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

/** Paid (or confirmed) → delivered as the courier would report it: the shipment booked (the mock provider may have already), shipped, delivered. */
export async function deliver(token: string, orderId: number) {
  let order = await staffOk<{ status: string }>(token, `orders/${orderId}/`);
  if (order.status === "PAID" || order.status === "CONFIRMED") order = await staffOk(token, `orders/${orderId}/shipment/`, {});
  await staffOk(token, `orders/${orderId}/transition/`, { to: "SHIPPED" });
  order = await staffOk(token, `orders/${orderId}/transition/`, { to: "DELIVERED" });
  expect(order.status).toBe("DELIVERED");
}
