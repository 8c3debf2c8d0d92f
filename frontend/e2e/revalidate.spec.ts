import { expect, test } from "@playwright/test";
import { API_URL, inr, listProducts, productDetail } from "./api";

/**
 * The storefront keeps product pages' data in Next's cache for 5 minutes; the API expires it after a
 * catalog change (POST /api/revalidate from backend/catalog/storefront.py). A staff price change must
 * therefore show on the next visit, not minutes later.
 */
const STAFF_EMAIL = process.env.E2E_STAFF_EMAIL ?? "";
const STAFF_PASSWORD = process.env.E2E_STAFF_PASSWORD ?? "";

async function staffToken(): Promise<string> {
  const res = await fetch(`${API_URL}/api/auth/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ email: STAFF_EMAIL, password: STAFF_PASSWORD }),
  });
  expect(res.status, "the e2e stack creates the staff account (scripts/e2e-stack.sh)").toBe(200);
  return ((await res.json()) as { access: string }).access;
}

async function setPrice(token: string, variantId: number, price: string): Promise<void> {
  const res = await fetch(`${API_URL}/api/staff/variants/${variantId}/`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ price }),
  });
  expect(res.status, await res.text()).toBe(200);
}

test("a price changed by staff shows on the product page at once (the API expires the storefront's cache)", async ({ page }) => {
  const [item] = (await listProducts({ sort: "-price", page_size: "1" })).results;
  const product = await productDetail(item!.slug);
  const variant = product.variants[0]!;
  const url = `/product/${product.slug}?variant=${encodeURIComponent(variant.sku)}`;
  const price = page.getByTestId("purchase-panel").getByTestId("price");
  await page.goto(url);
  await expect(price).toHaveText(inr(variant.price)); // now in the storefront's cache

  const token = await staffToken();
  const lowered = `${Number(variant.price.split(".")[0]) - 1000}.00`;
  try {
    await setPrice(token, variant.id, lowered);
    await page.goto(url);
    await expect(price).toHaveText(inr(lowered));
  } finally {
    await setPrice(token, variant.id, variant.price);
  }
  await page.goto(url);
  await expect(price).toHaveText(inr(variant.price));
});
