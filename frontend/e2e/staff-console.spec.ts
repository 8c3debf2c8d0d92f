/**
 * The staff console (/staff): a member of the staff role signs in through the storefront's own sign-in page and
 * reads Today, whose figures are the staff API's; a shopper and a guest get the store's 404 page, and the API
 * refuses them the figures (the console's check is not the only one).
 */
import { expect, test, type Page } from "@playwright/test";
import type { Dashboard } from "../lib/staff-types";
import { API_URL, apiPost } from "./api";
import { staffOk, staffToken } from "./staff";
import { PASSWORD, apiAs, phonesInStock, registerViaApi, uniqueEmail } from "./store";

/** A shopper buys a phone through the API and pays with the dev gateway: one more order for Today. */
async function aPaidOrder(): Promise<void> {
  const { access } = await apiPost<{ access: string }>("/api/auth/register/", { email: uniqueEmail("buyer"), password: PASSWORD, full_name: "Rohan Das" });
  const [phone] = await phonesInStock(1);
  const variant = phone!.variants.find((v) => v.in_stock && v.stock >= 3)!;
  await apiPost("/api/cart/items/", { variant: variant.id, quantity: 1 }, access);
  const address = { full_name: "Rohan Das", phone: "9123456780", line1: "4 Park Street", city: "Kolkata", state: "West Bengal", pincode: "700016" };
  const order = await apiPost<{ id: number }>("/api/checkout/", { payment_method: "dev", address }, access);
  await apiPost("/api/payments/dev/confirm/", { order_id: order.id }, access);
}

/** A new account given the staff role by the e2e stack's admin (PUT /api/staff/users/{id}/role/). */
async function newStaffMember(): Promise<string> {
  const email = uniqueEmail("staff");
  const { user } = await apiPost<{ user: { id: number } }>("/api/auth/register/", { email, password: PASSWORD, full_name: "Kavya Menon" });
  const admin = await staffToken();
  const role = await staffOk<{ role: string; is_staff: boolean }>(admin, `users/${user.id}/role/`, { role: "staff" }, "PUT");
  expect(role).toMatchObject({ role: "staff", is_staff: true });
  return email;
}

async function dashboardAs(email: string): Promise<Dashboard> {
  const { access } = await apiPost<{ access: string }>("/api/auth/token/", { email, password: PASSWORD });
  const res = await fetch(`${API_URL}/api/staff/reports/dashboard/`, { headers: { Accept: "application/json", Authorization: `Bearer ${access}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Dashboard;
}

const count = (page: Page, id: string) => page.getByTestId(`queue-${id}`);

test("a staff member signs in on the storefront's page and sees Today with the API's figures", async ({ page }) => {
  await aPaidOrder();
  const email = await newStaffMember();
  await page.goto("/login?method=password&next=/staff");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page.getByTestId("console-user")).toHaveText(`${email} · staff`);
  await expect(page).toHaveTitle(/^Today · Staff/);
  expect(await page.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");

  const api = await dashboardAs(email);
  const { queues } = api;
  expect(queues.to_pack + queues.to_ship, "the order just paid waits to be packed or shipped").toBeGreaterThan(0);
  expect(api.sales.totals.orders).toBeGreaterThan(0);
  for (const [id, value] of [
    ["to_pack", queues.to_pack],
    ["to_ship", queues.to_ship],
    ["cod_to_confirm", queues.cod_to_confirm],
    ["needs_review", queues.needs_review],
    ["returns_waiting", queues.returns_waiting],
    ["low_stock", queues.low_stock.count],
  ] as const) {
    await expect(count(page, id), id).toHaveText(value.toLocaleString("en-IN"));
  }
  await expect(page.getByTestId("total-orders")).toHaveText(api.sales.totals.orders.toLocaleString("en-IN"));
  await expect(page.getByTestId("low-stock").locator("tbody tr")).toHaveCount(queues.low_stock.variants.length);

  // Each chart: the drawing (Recharts, loaded when the page draws it) and its figures as a table.
  const perDay = page.getByTestId("figure-sales-per-day");
  await expect(perDay.locator("svg.recharts-surface").first()).toBeVisible();
  await perDay.getByText("Show the figures as a table").click();
  await expect(perDay.locator("table tbody tr")).toHaveCount(api.window.days);
  for (const id of ["by-brand", "payment-mix", "rates"]) await expect(page.getByTestId(`summary-${id}`)).not.toBeEmpty();

  // Keyboard first: on a fresh load the first Tab reaches the skip link, which moves focus past the console's header
  // and navigation.
  await page.goto("/staff");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#console-content")).toBeFocused();
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
});

test("a shopper and a guest get the store's 404 page at /staff, and the API refuses them the figures", async ({ browser }) => {
  const shopper = await browser.newContext();
  const page = await shopper.newPage();
  await page.goto("/");
  await registerViaApi(page, "not-staff");
  const res = await page.goto("/staff");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  await expect(page.getByRole("heading", { name: "Today" })).toHaveCount(0);
  await expect(page.getByTestId("queue-to_pack")).toHaveCount(0);
  expect((await apiAs(shopper, "/api/staff/reports/dashboard/")).status).toBe(403);
  await shopper.close();

  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  expect((await guestPage.goto("/staff"))?.status()).toBe(404);
  await expect(guestPage.getByTestId("not-found")).toBeVisible();
  expect((await apiAs(guest, "/api/staff/reports/dashboard/")).status).toBe(401);
  await guest.close();
});
