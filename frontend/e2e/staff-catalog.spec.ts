/**
 * Stock and prices (/staff/catalog): a staff member changes a price in the console's table, with the keyboard, and the
 * storefront's product page shows it on the next visit (the API expires the page's cache: catalog/storefront.py);
 * an edit made from a row someone else changed since is refused, and the row says so until it is reloaded.
 */
import { expect, test, type Page } from "@playwright/test";
import { apiPost, inr, listProducts, productDetail } from "./api";
import { staffOk, staffToken } from "./staff";
import { PASSWORD, uniqueEmail } from "./store";

interface Variant {
  id: number;
  sku: string;
  price: string;
  mrp: string;
  stock: number;
  version: number;
}

// One sign-in of the stack's admin for the whole file: its token endpoint allows an account 5 a minute.
let adminToken: Promise<string> | undefined;
const token = () => (adminToken ??= staffToken());

/** A new account given the staff role by the e2e stack's admin, signed in on the storefront's own page. */
async function signInAsNewStaffMember(page: Page): Promise<void> {
  const email = uniqueEmail("catalog-staff");
  const { user } = await apiPost<{ user: { id: number } }>("/api/auth/register/", { email, password: PASSWORD, full_name: "Irfan Qureshi" });
  await staffOk(await token(), `users/${user.id}/role/`, { role: "staff" }, "PUT");
  await page.goto("/login?method=password&next=/staff/catalog");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stock and prices" })).toBeVisible();
}

const variantNow = (access: string, id: number) => staffOk<Variant>(access, `variants/${id}/`);

async function restore(access: string, variant: Variant): Promise<void> {
  const now = await variantNow(access, variant.id);
  await staffOk(access, `variants/${variant.id}/`, { price: variant.price, stock: variant.stock, version: now.version }, "PATCH");
}

/** A phone in the middle of the price list (the revalidation spec takes the dearest), and its first variant. */
async function aVariant(access: string, page = "3"): Promise<{ slug: string; variant: Variant }> {
  const [item] = (await listProducts({ sort: "-price", page, page_size: "1" })).results;
  const product = await productDetail(item!.slug);
  return { slug: product.slug, variant: await variantNow(access, product.variants[0]!.id) };
}

test("a price changed inline in the console shows on the product page at once", async ({ page }) => {
  const admin = await token();
  const { slug, variant } = await aVariant(admin);
  const url = `/product/${slug}?variant=${encodeURIComponent(variant.sku)}`;
  const price = page.getByTestId("purchase-panel").getByTestId("price");
  await page.goto(url);
  await expect(price).toHaveText(inr(variant.price)); // now in the storefront's cache

  const lowered = `${Number(variant.price.split(".")[0]) - 500}.00`;
  try {
    await signInAsNewStaffMember(page);
    await page.getByRole("searchbox", { name: "Search variants" }).fill(variant.sku);
    await page.getByRole("button", { name: "Show" }).click();
    const cell = page.getByTestId(`edit-price-${variant.id}`);
    await expect(cell).toBeVisible();
    await expect(page.getByTestId(`variant-${variant.id}`)).toBeVisible();

    // Keyboard first: focus the cell, Enter opens it, Escape leaves it unchanged, Enter saves.
    await cell.focus();
    await page.keyboard.press("Enter");
    const input = page.getByLabel(`Price of ${variant.sku}`);
    await expect(input).toBeFocused();
    await input.fill("1");
    await page.keyboard.press("Escape");
    await expect(cell).toBeFocused();
    await page.keyboard.press("Enter");
    await input.fill(`${Number(variant.price) * 10}`); // above the MRP: the API's refusal, shown at the field
    await page.keyboard.press("Enter");
    await expect(page.getByText(/cannot be above the MRP/)).toBeVisible();
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await input.fill(lowered);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("catalog-status")).toHaveText(`Saved: Price of ${variant.sku} is now ${inr(lowered)}.`);
    await expect(cell).toHaveText(inr(lowered));

    await page.goto(url);
    await expect(price).toHaveText(inr(lowered));
  } finally {
    await restore(admin, variant);
  }
});

test("an edit of a row someone else changed since is refused, and the row says so until it is reloaded", async ({ page }) => {
  const admin = await token();
  const { variant } = await aVariant(admin);
  try {
    await signInAsNewStaffMember(page);
    await page.goto(`/staff/catalog?q=${encodeURIComponent(variant.sku)}`);
    const stock = page.getByTestId(`edit-stock-${variant.id}`);
    await expect(stock).toHaveText(variant.stock.toLocaleString("en-IN"));

    // Someone else changes the stock after this page was read.
    const theirs = variant.stock + 7;
    await staffOk(admin, `variants/${variant.id}/`, { stock: theirs, version: variant.version }, "PATCH");

    await stock.click();
    await page.getByLabel(`Stock of ${variant.sku}`).fill("1");
    await page.keyboard.press("Enter");
    const conflict = page.getByTestId(`conflict-${variant.id}`);
    await expect(conflict).toContainText("Changed by someone else — reload.");
    await expect(page.getByTestId("catalog-alert")).toContainText(`${variant.sku} was changed by someone else`);
    expect((await variantNow(admin, variant.id)).stock, "the refused edit changed nothing").toBe(theirs);

    await conflict.getByRole("button", { name: `Reload ${variant.sku}` }).click();
    await expect(conflict).toHaveCount(0);
    await expect(stock).toHaveText(theirs.toLocaleString("en-IN"));
  } finally {
    await restore(admin, variant);
  }
});

test("the catalog is exported, and a CSV import is previewed, then confirmed", async ({ page }) => {
  const admin = await token();
  const { variant } = await aVariant(admin, "4");
  try {
    await signInAsNewStaffMember(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("catalog-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^catalog-\d{4}-\d{2}-\d{2}\.csv$/);

    await page.goto(`/staff/catalog?q=${encodeURIComponent(variant.sku)}`);
    const more = variant.stock + 5;
    const csv = `id,sku,version,price,mrp,stock\n${variant.id},${variant.sku},${variant.version},${variant.price},${variant.mrp},${more}\n`;
    await page.getByLabel("CSV file").setInputFiles({ name: "stock.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Preview changes" }).click();
    const preview = page.getByTestId("import-preview");
    await expect(preview).toContainText("1 rows read: 1 would change, 0 refused.");
    await expect(preview).toContainText(`stock: ${variant.stock} → ${more}`);
    expect((await variantNow(admin, variant.id)).stock, "a dry run writes nothing").toBe(variant.stock);

    await page.getByRole("button", { name: "Confirm: change 1 variant" }).click();
    await expect(page.getByTestId("import-status")).toHaveText("Imported: 1 of 1 rows changed.");
    await expect(page.getByTestId(`edit-stock-${variant.id}`)).toHaveText(more.toLocaleString("en-IN"));
    expect((await variantNow(admin, variant.id)).stock).toBe(more);
  } finally {
    await restore(admin, variant);
  }
});
