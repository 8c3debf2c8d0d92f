/**
 * The console's orders (issue 19): a staff member signs in on the storefront's sign-in page, follows Today's "To pack"
 * to the order list, finds the order, packs it on the packing screen by scanning its IMEI (a wrong check digit is
 * refused first), downloads the tax invoice and the shipping label, marks it shipped and sees the status change; a shopper gets the
 * store's 404 page at /staff/orders.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Download } from "@playwright/test";
import { apiPost } from "./api";
import { freshImei, staffOk, staffToken } from "./staff";
import { PASSWORD, phonesInStock, registerViaApi, uniqueEmail } from "./store";

/** A shopper buys one phone through the API and pays with the dev gateway: it waits for its IMEI (to pack). */
async function aPaidPhoneOrder(): Promise<{ id: number; number: string }> {
  const email = uniqueEmail("buyer");
  const { access } = await apiPost<{ access: string }>("/api/auth/register/", { email, password: PASSWORD, full_name: "Anil Kapoor" });
  const [phone] = await phonesInStock(1, 3);
  const variant = phone!.variants.find((v) => v.in_stock && v.stock >= 3)!;
  await apiPost("/api/cart/items/", { variant: variant.id, quantity: 1 }, access);
  const address = { full_name: "Anil Kapoor", phone: "9812345670", line1: "12 MG Road", city: "Bengaluru", state: "Karnataka", pincode: "560001" };
  const order = await apiPost<{ id: number; number: string }>("/api/checkout/", { payment_method: "dev", address }, access);
  await apiPost("/api/payments/dev/confirm/", { order_id: order.id }, access);
  return order;
}

async function newStaffMember(): Promise<string> {
  const email = uniqueEmail("packer");
  const { user } = await apiPost<{ user: { id: number } }>("/api/auth/register/", { email, password: PASSWORD, full_name: "Divya Nair" });
  await staffOk(await staffToken(), `users/${user.id}/role/`, { role: "staff" }, "PUT");
  return email;
}

/** The same IMEI with its check digit changed: 15 digits that are not an IMEI. */
const wrongCheckDigit = (imei: string) => imei.slice(0, 14) + String((Number(imei[14]) + 1) % 10);

test("staff pack an order by scanning its IMEI, download its invoice and label and mark it shipped", async ({ page }) => {
  const order = await aPaidPhoneOrder();
  const email = await newStaffMember();
  const admin = await staffToken();
  expect((await staffOk<{ status: string; awaiting_imei: boolean }>(admin, `orders/${order.id}/`)).awaiting_imei).toBe(true);

  await page.goto("/login?method=password&next=/staff");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/staff");
  const toPack = Number((await page.getByTestId("queue-to_pack").textContent())!.replace(/\D/g, ""));
  expect(toPack).toBeGreaterThan(0);

  // Today's "To pack" is the order list filtered by that queue: the same number of orders, ours among them.
  await page.getByTestId("queue-link-to_pack").click();
  await expect(page).toHaveURL(/\/staff\/orders\?queue=to_pack$/);
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  await expect(page.getByTestId("orders-count")).toContainText(`${toPack.toLocaleString("en-IN")} order`);
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Orders" })).toHaveAttribute("aria-current", "page");

  // The filters are a GET form: search by the order's number, by keyboard, and the state is in the URL.
  const search = page.getByRole("searchbox", { name: "Search orders" });
  await search.fill(order.number);
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]q=${order.number}`));
  await expect(page.getByTestId("orders").locator("tbody tr")).toHaveCount(1);
  // A bad filter value is the API's 400, shown as it says it.
  await page.goto("/staff/orders?placed_from=2026-12-02&placed_to=2026-12-01");
  await expect(page.getByTestId("orders-error")).toContainText("placed_to");
  await page.goBack();

  await page.getByTestId(`order-row-${order.id}`).getByRole("link", { name: order.number }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/orders/${order.id}$`));
  await expect(page.getByTestId("order-status")).toContainText("Paid");
  await expect(page.getByTestId("address")).toContainText("12 MG Road, Bengaluru, Karnataka 560001");
  await expect(page.getByTestId("payments")).toContainText("Test payment");
  await page.getByRole("link", { name: "Pack: scan the IMEIs" }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/orders/${order.id}/pack$`));

  // The scanner types 15 digits and Enter. A wrong check digit is refused at once; the right IMEI is recorded.
  const scan = page.getByTestId("scan-0");
  await expect(scan).toBeFocused();
  const imei = freshImei();
  await scan.pressSequentially(wrongCheckDigit(imei));
  await scan.press("Enter");
  await expect(scan).toHaveAttribute("data-state", "refused");
  await expect(scan).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("scan-0-message")).toContainText("check digit");
  await expect(page.getByTestId("pack-announce")).toContainText("refused");
  await scan.fill("");
  await scan.pressSequentially(imei);
  await scan.press("Enter");
  await expect(page.getByTestId("pack-announce")).toContainText("saved. The order is packed.");
  await expect(page.getByTestId("recorded")).toContainText(imei);
  await expect(page.getByTestId("pack-status")).toContainText("Packed");
  await expect(page.getByTestId("pack-status")).toContainText("AWB");

  // One button downloads the invoice and the label: the invoice named by its number, the label (the mock carrier's)
  // by the parcel's AWB; both PDFs.
  await expect(page.getByTestId("label-link")).toHaveAttribute("href", `/api/console/orders/${order.id}/label/`);
  const downloads: Download[] = [];
  page.on("download", (d) => downloads.push(d));
  await page.getByTestId("print-both").click();
  await expect(page.getByTestId("pack-announce")).toContainText("Invoice and label downloaded");
  const named = (pattern: RegExp) => downloads.find((d) => pattern.test(d.suggestedFilename()));
  await expect.poll(() => downloads.length).toBe(2);
  for (const pattern of [/^PS-\d{4}-\d{6}\.pdf$/, /^label-PSM\d{10}\.pdf$/]) {
    const file = named(pattern);
    expect(file, `a download named like ${pattern}: ${downloads.map((d) => d.suggestedFilename())}`).toBeTruthy();
    expect(readFileSync((await file!.path())!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }

  await page.getByRole("button", { name: "Mark shipped" }).click();
  await expect(page.getByTestId("pack-status")).toContainText("Shipped");
  await expect(page.getByTestId("pack-announce")).toContainText("Marked shipped");

  // The order page says so too, with the IMEI on its line, the parcel's tracking and the audit trail.
  await page.goto(`/staff/orders/${order.id}`);
  await expect(page.getByTestId("order-status")).toContainText("Shipped");
  await expect(page.getByTestId("lines")).toContainText(imei);
  await expect(page.getByTestId("tracking")).toContainText("PICKED UP");
  await expect(page.getByTestId("audit")).toContainText("imei recorded");
  await expect(page.getByRole("button", { name: "Mark delivered" })).toBeVisible(); // the lifecycle's next step
});

test("a refused action shows the API's message", async ({ page }) => {
  const order = await aPaidPhoneOrder();
  const email = await newStaffMember();
  await page.goto("/login?method=password&next=/staff/orders");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/staff/orders");
  await page.goto(`/staff/orders/${order.id}`);
  // Packing before the IMEI is recorded: the API refuses (409 imei_required) and the page says why.
  await page.getByRole("button", { name: "Mark packed" }).click();
  await expect(page.getByTestId("action-error")).toContainText("Record the IMEIs of 1 more unit(s) before packing");
  await expect(page.getByTestId("order-status")).toContainText("Paid");
});

test("a shopper gets the store's 404 page at /staff/orders and the API refuses them", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/");
  await registerViaApi(page, "not-staff-orders");
  expect((await page.goto("/staff/orders"))?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Orders" })).toHaveCount(0);
  expect((await page.request.get("/api/console/orders/")).status()).toBe(403);
  await context.close();
});
