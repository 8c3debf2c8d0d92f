/**
 * The console's Reports and Users (issue 19): a staff member reads sales over a range and downloads them as CSV; an
 * admin invites a staff member, who sets a password through the emailed link and signs in to the console, where
 * Users (admin only) is the 404 page to them.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type { SalesReport } from "../lib/staff-types";
import { API_URL, apiPost } from "./api";
import { staffOk, staffToken } from "./staff";
import { MAIL_DIR, PASSWORD, WEB_URL, fromMail, phonesInStock, uniqueEmail } from "./store";

/** A shopper buys one phone and pays with the dev gateway: the order's line and total, as the API placed them. */
async function aPaidOrder(): Promise<{ sku: string; total: string; lineValue: number }> {
  const { access } = await apiPost<{ access: string }>("/api/auth/register/", { email: uniqueEmail("buyer"), password: PASSWORD, full_name: "Rohan Das" });
  const [phone] = await phonesInStock(1);
  const variant = phone!.variants.find((v) => v.in_stock && v.stock >= 3)!;
  await apiPost("/api/cart/items/", { variant: variant.id, quantity: 1 }, access);
  const address = { full_name: "Rohan Das", phone: "9123456780", line1: "4 Park Street", city: "Kolkata", state: "West Bengal", pincode: "700016" };
  const order = await apiPost<{ id: number; total: string; items: { sku: string; line_total: string; discount: string }[] }>(
    "/api/checkout/",
    { payment_method: "dev", address },
    access,
  );
  await apiPost("/api/payments/dev/confirm/", { order_id: order.id }, access);
  const line = order.items[0]!;
  return { sku: line.sku, total: order.total, lineValue: Number(line.line_total) - Number(line.discount ?? 0) };
}

/** A registered account given `role` by the e2e stack's admin. */
async function accountWithRole(role: "staff" | "admin"): Promise<string> {
  const email = uniqueEmail(role);
  const { user } = await apiPost<{ user: { id: number } }>("/api/auth/register/", { email, password: PASSWORD, full_name: "Kavya Menon" });
  await staffOk(await staffToken(), `users/${user.id}/role/`, { role }, "PUT");
  return email;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login?method=password&next=/staff");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The whole URL: the sign-in page's own (?next=/staff) ends in /staff too.
  await expect(page).toHaveURL(`${WEB_URL}/staff`);
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
}

/** YYYY-MM-DD in India, `back` days ago. */
function indianDay(back = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() - back * 86_400_000));
}

/** RFC 4180 rows: quoted fields may hold commas and doubled quotes (the API's csv module writes them so). */
function rowsOf(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted && c === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += c;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

test("a staff member chooses a range, reads sales by variant and by day, and downloads them as CSV", async ({ page }) => {
  const order = await aPaidOrder();
  const email = await accountWithRole("staff");
  await signIn(page, email, PASSWORD);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0); // admins only
  await expect(page.getByRole("heading", { name: "GSTR-1" })).toHaveCount(0);

  // A range the API refuses is named at the form, nothing else shown.
  await page.getByLabel("From", { exact: true }).fill(indianDay(0));
  await page.getByLabel("To", { exact: true }).fill(indianDay(3));
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("report-error")).toContainText("The first day comes after the last.");
  await expect(page.getByLabel("From", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("report-table")).toHaveCount(0);

  // The last week by variant: the order's phone is in the table and in the CSV, as the API sums it.
  await page.getByLabel("From", { exact: true }).fill(indianDay(6));
  await page.getByLabel("To", { exact: true }).fill(indianDay(0));
  await page.getByLabel("By", { exact: true }).selectOption("variant");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${indianDay(6)}&to=${indianDay(0)}&by=variant`));
  await expect(page.getByTestId("report-table").getByRole("rowheader", { name: order.sku })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByTestId("report-csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`sales-by-variant-${indianDay(6)}-to-${indianDay(0)}.csv`);
  const rows = rowsOf(readFileSync((await file.path())!, "utf8"));
  expect(rows[0]).toEqual(["SKU", "Phone", "Variant", "Units", "Value INR"]);
  const mine = rows.find((r) => r[0] === order.sku);
  expect(mine, "the order's variant is a row").toBeTruthy();
  expect(Number(mine![3])).toBeGreaterThanOrEqual(1);
  expect(Number(mine![4])).toBeGreaterThanOrEqual(order.lineValue);

  // The CSV is the API's report, row for row (the e2e suite runs one spec at a time: nothing sells in between).
  const { access } = await apiPost<{ access: string }>("/api/auth/token/", { email, password: PASSWORD });
  const res = await fetch(`${API_URL}/api/staff/reports/sales/?from=${indianDay(6)}&to=${indianDay(0)}&by=day`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${access}` },
  });
  const report = (await res.json()) as SalesReport;
  await page.getByLabel("By", { exact: true }).selectOption("day");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("figure-report-per-day").locator("svg.recharts-surface").first()).toBeVisible();
  const daily = page.waitForEvent("download");
  await page.getByTestId("report-csv").click();
  const dayRows = rowsOf(readFileSync((await (await daily).path())!, "utf8"));
  expect(dayRows.slice(1)).toEqual(report.by_day!.map((d) => [d.date, String(d.orders), d.gross, d.refunds, d.net]));
  const today = dayRows.find((r) => r[0] === indianDay(0))!;
  expect(Number(today[2])).toBeGreaterThanOrEqual(Number(order.total)); // today's gross holds the order just paid
});

test("an admin invites a staff member, who sets a password by the emailed link, signs in, and gets 404 at Users", async ({ page, browser }) => {
  expect(MAIL_DIR, "the e2e API's mail directory (E2E_MAIL_DIR, set by scripts/e2e-stack.sh)").toBeTruthy();
  const admin = await accountWithRole("admin");
  await signIn(page, admin, PASSWORD);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  const invited = uniqueEmail("invited");
  const form = page.getByTestId("invite-form");
  await form.getByLabel("Email").fill(invited);
  await form.getByLabel("Name").fill("Nila Iyer");
  await form.getByLabel("Role").selectOption("staff");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${invited}.`);
  await expect(page.getByTestId(`account-${invited}`)).toContainText("Invited (no password yet)");
  // The same email again: the API's refusal, at the form.
  await form.getByLabel("Email").fill(invited);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText("An account with this email exists");

  // The invitation carries a set-password link, never a password.
  const link = await fromMail(invited, /(\S+\/reset-password\?uid=[\w-]+&token=[\w-]+)/g, /\/reset-password\?uid=/);
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await memberPage.goto(link);
  const reset = memberPage.getByTestId("reset-form");
  const chosen = "Veranda-Lantern-61";
  await reset.getByLabel("New password", { exact: true }).fill(chosen);
  await reset.getByLabel("Confirm new password").fill(chosen);
  await reset.getByRole("button", { name: "Set new password" }).click();
  await expect(memberPage.getByTestId("reset-done")).toBeVisible();

  await signIn(memberPage, invited, chosen);
  await expect(memberPage.getByTestId("console-user")).toHaveText(`${invited} · staff`);
  await expect(memberPage.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  const res = await memberPage.goto("/staff/users");
  expect(res?.status()).toBe(404);
  await expect(memberPage.getByRole("heading", { name: "Staff and admin accounts" })).toHaveCount(0);
  await member.close();

  // The admin's list now shows the member as active.
  await page.reload();
  await expect(page.getByTestId(`account-${invited}`)).toContainText("Active");
});
