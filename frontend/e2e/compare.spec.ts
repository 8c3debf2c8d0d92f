import { expect, test } from "@playwright/test";

test("compare two phones side by side", async ({ page }) => {
  await page.goto("/shop");
  const cards = page.getByTestId("product-grid").getByTestId("product-card");
  const a = cards.nth(0);
  const b = cards.nth(1);
  const slugs = [await a.getAttribute("data-slug"), await b.getAttribute("data-slug")];
  const titles = [await a.getByTestId("card-title").textContent(), await b.getByTestId("card-title").textContent()];

  await a.getByTestId("compare-toggle").click();
  await expect(a.getByTestId("compare-toggle")).toHaveAttribute("aria-pressed", "true");
  await b.getByTestId("compare-toggle").click();
  await expect(page.getByTestId("compare-tray")).toBeVisible();
  await page.getByTestId("compare-now").click();

  await expect(page).toHaveURL(new RegExp(`/compare\\?p=${slugs[0]},${slugs[1]}`));
  const columns = page.getByTestId("compare-column");
  await expect(columns).toHaveCount(2);
  await expect(columns.nth(0)).toContainText(titles[0]!);
  await expect(columns.nth(1)).toContainText(titles[1]!);
  // Two different phones differ somewhere, and those rows are marked.
  await expect(page.locator("tr[data-differs=true]").first()).toBeVisible();

  // The list survives a visit elsewhere; removing one updates URL and table.
  await page.goto("/");
  await expect(page.getByTestId("compare-link")).toContainText("2");
  await page.getByTestId("compare-link").click();
  await expect(columns).toHaveCount(2);
  await columns.nth(1).getByRole("button", { name: /remove/i }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?p=${slugs[0]}$`));
  await expect(columns).toHaveCount(1);
});

test("add to compare from the product page", async ({ page }) => {
  await page.goto("/shop");
  const slug = await page.getByTestId("product-card").first().getAttribute("data-slug");
  await page.goto(`/product/${slug}`);
  await page.getByTestId("purchase-panel").getByTestId("compare-toggle").click();
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?p=${slug}`));
  await expect(page.getByTestId("compare-column")).toHaveCount(1);
});
