import { expect, test, type Page } from "@playwright/test";
import type { Category } from "../lib/types";
import { api, listProducts } from "./api";

async function gridSlugs(page: Page): Promise<string[]> {
  return page.getByTestId("product-grid").locator("[data-testid=product-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-slug") ?? ""));
}

async function expectGridMatchesApi(page: Page, params: Record<string, string | string[]>) {
  const expected = await listProducts(params);
  await expect(page.getByTestId("result-count")).toHaveAttribute("data-count", String(expected.count));
  await expect.poll(() => gridSlugs(page)).toEqual(expected.results.map((r) => r.slug));
  return expected;
}

test("filtering the shop keeps the URL, the grid and the API in agreement, without a reload", async ({ page }) => {
  const all = await listProducts();
  await page.goto("/shop");
  await expectGridMatchesApi(page, {});

  // Facet counts on the panel are the API's.
  const [brand, brandCount] = Object.entries(all.facets.brand ?? {}).sort((a, b) => b[1] - a[1])[0]!;
  const brandBox = page.getByTestId("filters").locator(`input[name=brand][value="${brand}"]`);
  await expect(brandBox.locator("xpath=ancestor::label").getByTestId("facet-count")).toHaveText(`(${brandCount} phones)`);

  // A marker on window survives soft navigation only: a full reload would wipe it.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await brandBox.check();
  await expect(page).toHaveURL(new RegExp(`[?&]brand=${brand}(&|$)`));
  const byBrand = await expectGridMatchesApi(page, { brand });

  // A second filter narrows further; the URL carries both.
  const [ram] = Object.entries(byBrand.facets.ram ?? {}).sort((a, b) => b[1] - a[1])[0]!;
  await page.getByTestId("filters").locator(`input[name=ram][value="${ram}"]`).check();
  await expect(page).toHaveURL(new RegExp(`brand=${brand}.*ram=${ram}`));
  await expectGridMatchesApi(page, { brand, ram });

  // Sorting is in the URL too.
  await page.getByTestId("sort-select").selectOption("price");
  await expect(page).toHaveURL(/sort=price/);
  await expectGridMatchesApi(page, { brand, ram, sort: "price" });

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // The back button walks the filter history.
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=price/);
  await expectGridMatchesApi(page, { brand, ram });
  await page.goBack();
  await expect(page).not.toHaveURL(/ram=/);
  await expectGridMatchesApi(page, { brand });
  await expect(brandBox).toBeChecked();

  // A shared link reproduces the same grid.
  await page.goto(`/shop?brand=${brand}&ram=${ram}&sort=price`);
  await expectGridMatchesApi(page, { brand, ram, sort: "price" });
});

test("brand and category pages show the same grid, scoped", async ({ page }) => {
  const brands = await listProducts();
  const brand = Object.keys(brands.facets.brand ?? {})[0]!;
  await page.goto(`/brand/${brand}`);
  await expectGridMatchesApi(page, { brand });
  await expect(page.locator("h1")).toHaveCount(1);

  const tree = await api<Category[]>("/api/categories/");
  const category = tree[0]?.children?.[0] ?? tree[0]!;
  await page.goto(`/category/${category.slug}`);
  await expectGridMatchesApi(page, { category: category.slug });
  await expect(page.locator("h1")).toHaveText(category.name);
});
