import { expect, test } from "@playwright/test";
import { inr, listProducts, productDetail } from "./api";
import { staffOk, staffToken } from "./staff";

/**
 * The storefront keeps product pages' data in Next's cache for 5 minutes; the API expires it after a
 * catalog change (POST /api/revalidate from backend/catalog/storefront.py). A staff price change must
 * therefore show on the next visit, not minutes later.
 */
async function setPrice(token: string, variantId: number, price: string): Promise<void> {
  const { version } = await staffOk<{ version: number }>(token, `variants/${variantId}/`);
  await staffOk(token, `variants/${variantId}/`, { price, version }, "PATCH");
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
