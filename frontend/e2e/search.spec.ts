import { expect, test } from "@playwright/test";
import { searchProducts } from "./api";

test("a search with a typo still finds the phone", async ({ page }) => {
  // "samsng" for "Samsung": the contract's own example of a typo the search must forgive.
  const expected = await searchProducts({ q: "samsng" });
  expect(expected.results.some((r) => r.brand.slug === "samsung")).toBe(true);

  await page.goto("/");
  const box = page.getByTestId("search-input");
  await box.fill("samsng");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=samsng/);
  const cards = page.getByTestId("product-grid").getByTestId("product-card");
  await expect(cards.first()).toBeVisible();
  await expect
    .poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-slug"))))
    .toEqual(expected.results.map((r) => r.slug));
  await expect(cards.filter({ hasText: /samsung/i }).first()).toBeVisible();
});

test("search-as-you-type suggestions work from the keyboard", async ({ page }) => {
  await page.goto("/");
  const box = page.getByTestId("search-input");
  await box.click();
  // On a slow machine "ga" may be asked for too: wait for the answer to "gal" itself.
  const answered = page.waitForResponse((r) => r.url().includes("/api/search/suggest/") && r.url().includes("q=gal"));
  await box.pressSequentially("gal", { delay: 40 });
  await answered;
  const list = page.getByTestId("search-suggestions");
  await expect(list).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const first = list.getByRole("option").first();
  const title = (await first.locator("span").first().textContent())?.trim() ?? "";
  await box.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/(product|brand)\//);
  await expect(page.locator("h1")).toContainText(title.split(" ")[0]!);
});
