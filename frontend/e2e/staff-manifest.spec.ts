/**
 * Labels and the day's pickup manifest in the staff console: a paid order (booked by the mock carrier once its
 * phone's IMEI is recorded) has its shipping label downloaded through the console's door (/api/console/orders/{id}/label/), then
 * today's manifest is made on Today and downloaded. Both are PDFs drawn by the mock carrier.
 */
import { expect, test } from "@playwright/test";
import { API_URL, apiPost } from "./api";
import { recordImeis, staffOk, staffToken } from "./staff";
import { PASSWORD, phonesInStock, uniqueEmail } from "./store";

/** A shopper buys a phone and pays with the dev gateway; staff record its IMEI, and the mock carrier books the parcel. */
async function aPaidOrder(): Promise<{ id: number; access: string }> {
  const { access } = await apiPost<{ access: string }>("/api/auth/register/", { email: uniqueEmail("buyer"), password: PASSWORD, full_name: "Meera Iyer" });
  const [phone] = await phonesInStock(1);
  const variant = phone!.variants.find((v) => v.in_stock && v.stock >= 3)!;
  await apiPost("/api/cart/items/", { variant: variant.id, quantity: 1 }, access);
  const address = { full_name: "Meera Iyer", phone: "9123456781", line1: "12 MG Road", city: "Bengaluru", state: "Karnataka", pincode: "560001" };
  const order = await apiPost<{ id: number }>("/api/checkout/", { payment_method: "dev", address }, access);
  await apiPost("/api/payments/dev/confirm/", { order_id: order.id }, access);
  const token = await staffToken();
  const recorded = await recordImeis(token, order.id);
  if (recorded.status === "PAID") await staffOk(token, `orders/${order.id}/shipment/`, {});
  return { id: order.id, access };
}

async function newStaffMember(): Promise<string> {
  const email = uniqueEmail("packer");
  const { user } = await apiPost<{ user: { id: number } }>("/api/auth/register/", { email, password: PASSWORD, full_name: "Arjun Rao" });
  await staffOk(await staffToken(), `users/${user.id}/role/`, { role: "staff" }, "PUT");
  return email;
}

test("staff download a paid order's label and make and download today's manifest", async ({ page }) => {
  const { id: orderId, access } = await aPaidOrder();
  const res = await fetch(`${API_URL}/api/orders/${orderId}/tracking/`, { headers: { Accept: "application/json", Authorization: `Bearer ${access}` } });
  const tracking = (await res.json()) as { status: string; shipment: { awb: string; status: string } | null };
  expect(tracking.status, "the mock carrier booked the parcel").toBe("PACKED");
  const awb = tracking.shipment!.awb;
  expect(awb).toMatch(/^PSM\d{10}$/);

  const email = await newStaffMember();
  await page.goto("/login?method=password&next=/staff");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // (The sign-in page's own URL ends in next=/staff: wait for Today itself.)
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page).toHaveURL(/\/staff$/);

  // The label, fetched by the page through the console's door with its session (as the packing screen links it).
  const fetchFile = (url: string) =>
    page.evaluate(async (u) => {
      const res = await fetch(u);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const header = (name: string) => res.headers.get(name);
      return { status: res.status, type: header("content-type"), disposition: header("content-disposition"), head: String.fromCharCode(...bytes.slice(0, 5)), text: res.ok ? "" : new TextDecoder().decode(bytes) };
    }, url);
  const label = await fetchFile(`/api/console/orders/${orderId}/label/`);
  expect(label, label.text).toMatchObject({ status: 200, type: "application/pdf", disposition: `attachment; filename="label-${awb}.pdf"`, head: "%PDF-" });
  // No such order: the API's JSON error comes through the door.
  const none = await fetchFile("/api/console/orders/999999999/label/");
  expect(none.status).toBe(404);
  expect((JSON.parse(none.text) as { error: { code: string } }).error.code).toBe("not_found");

  const panel = page.getByRole("region", { name: "Today's pickups" });
  await expect(panel.getByTestId("pickups-pending")).toContainText(/\d+ parcels? booked and awaiting pickup/);
  await panel.getByRole("button", { name: "Make today's manifest" }).click();
  const status = panel.getByTestId("manifest-status");
  await expect(status).toContainText(/Manifest made: \d+ parcels?/);
  await expect(panel.getByTestId("pickups-pending")).toHaveText("No booked parcel awaits a manifest.");
  await expect(panel.getByRole("button", { name: "Make today's manifest" })).toBeDisabled();
  await expect(panel.getByTestId("manifests").getByRole("row")).toHaveCount(2);

  const [download] = await Promise.all([page.waitForEvent("download"), status.getByTestId("manifest-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^manifest-mock-\d{4}-\d{2}-\d{2}\.pdf$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  const manifests = await staffOk<{ results: { id: number; shipment_count: number }[] }>(await staffToken(), "manifests/");
  const made = await staffOk<{ shipments: { awb: string }[] }>(await staffToken(), `manifests/${manifests.results[0]!.id}/`);
  expect(made.shipments.map((s) => s.awb)).toContain(awb);
});
