import { expect, test } from "@playwright/test";
import type { ProductDetail, Variant } from "../lib/types";
import { inr, listProducts, productDetail } from "./api";

/** A phone with two variants one click apart (one option differs) at different prices. */
async function phoneWithVariantChoice(): Promise<{ product: ProductDetail; from: Variant; to: Variant; dim: "color" | "ram_gb" | "storage_gb" }> {
  const list = await listProducts({ page_size: "48", sort: "popularity" });
  for (const item of list.results) {
    const product = await productDetail(item.slug);
    const vs = product.variants;
    const inStock = [...vs].sort((a, b) => Number(a.price) - Number(b.price) || a.id - b.id);
    const from = inStock.find((v) => v.in_stock) ?? inStock[0];
    if (!from) continue;
    for (const dim of ["storage_gb", "ram_gb", "color"] as const) {
      const others = (["color", "ram_gb", "storage_gb"] as const).filter((d) => d !== dim);
      const to = vs.find((v) => v[dim] !== from[dim] && others.every((d) => v[d] === from[d]) && v.price !== from.price);
      if (to) return { product, from, to, dim };
    }
  }
  throw new Error("no phone in the demo data has two variants at different prices one option apart");
}

test("changing the variant changes the price and the URL", async ({ page }) => {
  const { product, from, to, dim } = await phoneWithVariantChoice();
  await page.goto(`/product/${product.slug}`);
  await expect(page.locator("h1")).toHaveText(product.title);
  const panel = page.getByTestId("purchase-panel");
  await expect(panel.getByTestId("price")).toHaveText(inr(from.price));
  await expect(panel).toHaveAttribute("data-sku", from.sku);

  await panel.locator(`input[name=${dim}][value="${to[dim]}"]`).check({ force: true });
  await expect(page).toHaveURL(new RegExp(`[?&]variant=${encodeURIComponent(to.sku)}`));
  await expect(panel.getByTestId("price")).toHaveText(inr(to.price));
  if (Number(to.mrp) > Number(to.price)) {
    await expect(panel.getByTestId("mrp")).toHaveText(inr(to.mrp));
    await expect(panel.getByTestId("discount")).toHaveText(`${to.discount_percent}% off`);
  }
  await expect(panel.getByTestId("stock")).toHaveText(to.in_stock ? /in stock/i : /out of stock/i);

  // The URL alone reproduces the choice.
  await page.reload();
  await expect(panel.getByTestId("price")).toHaveText(inr(to.price));
  await expect(panel.locator(`input[name=${dim}][value="${to[dim]}"]`)).toBeChecked();
});

test("the product page shows specs, reviews and related phones, and degrades when delivery estimates are missing", async ({ page }) => {
  const { product } = await phoneWithVariantChoice();
  await page.goto(`/product/${product.slug}`);
  await expect(page.getByTestId("specs")).toBeVisible();
  await expect(page.locator("#reviews")).toBeVisible();
  await expect(page.getByTestId("gallery-main")).toHaveAttribute("alt", /.+/);
  await page.getByTestId("pincode-input").fill("560001");
  await page.getByTestId("pincode-input").press("Enter");
  await expect(page.getByTestId("delivery-result")).toHaveText(/Delivery by|aren’t available/);
});
