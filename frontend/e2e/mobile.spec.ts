import { expect, test, type Page } from "@playwright/test";
import { API_URL } from "./api";
import { API_LOG, WEB_URL, apiLogSize, smsCode, storePost } from "./store";

/** A mobile number no account has yet: 9, then nine random digits. */
const newNumber = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
const spaced = (n: string) => `+91 ${n.slice(0, 5)} ${n.slice(5)}`;
const sessionCookies = async (page: Page) => (await page.context().cookies()).filter((c) => c.name === "ps_at" || c.name === "ps_rt");

/** Ask for a code on /login's first form and read it from the API's console SMS log. */
async function askForCode(page: Page, typed: string, number: string): Promise<string> {
  const since = apiLogSize();
  await page.getByLabel("Mobile number").fill(typed);
  await page.getByRole("button", { name: "Send code by SMS" }).click();
  await expect(page.getByTestId("otp-sent")).toBeVisible();
  return smsCode(number, since);
}

test.beforeAll(() => {
  expect(API_LOG, "the e2e API's log (E2E_API_LOG, set by scripts/e2e-stack.sh)").toBeTruthy();
});

test("a new mobile number signs in with the texted code, gives its name, and is signed in", async ({ page }) => {
  const number = newNumber();
  await page.goto("/login");
  // The mobile number comes first; email and password are a link away.
  await expect(page.getByTestId("otp-request-form").getByLabel("Mobile number")).toBeVisible();
  await expect(page.getByTestId("signin-password")).toBeVisible();

  // A wrong number: the API's own message under the field, nothing sent.
  await page.getByLabel("Mobile number").fill("12345");
  await page.getByRole("button", { name: "Send code by SMS" }).click();
  await expect(page.getByTestId("error-mobile")).toContainText("10-digit Indian mobile number");
  await expect(page.getByLabel("Mobile number")).toHaveAttribute("aria-invalid", "true");

  const code = await askForCode(page, spaced(number), number);
  await expect(page.getByTestId("otp-sent")).toHaveText(/If this number can sign in, a 6-digit code is on its way by SMS/);

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  await page.getByLabel("6-digit code").fill(wrong);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("The code is not valid or has expired. Ask for a new one.");
  expect(await sessionCookies(page)).toHaveLength(0);

  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  // Signed in, and asked for the name before going on.
  await expect(page.getByRole("heading", { name: "What's your name?" })).toBeVisible();
  expect(await sessionCookies(page)).toHaveLength(2);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("error-full_name")).toBeVisible(); // the API refuses a blank name
  await page.getByLabel("Full name").fill("Asha Verma");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-link")).toHaveText("Account");
  await expect(page.getByText("Hello, Asha Verma.")).toBeVisible();
  await expect(page.getByTestId("profile-mobile")).toHaveText(spaced(number));
  await expect(page.getByTestId("profile-email")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Change password" })).toHaveCount(0); // no password to change
});

test("a known and an unknown number get the same answer; the known one signs its account in", async ({ page }) => {
  const known = newNumber();
  const unknown = newNumber();
  await page.goto("/");
  // The known number's account: made by its first code, named, then signed out.
  let since = apiLogSize();
  expect((await storePost(page, "/api/session/otp/request", { mobile: known })).status()).toBe(202);
  const made = await storePost(page, "/api/session/otp/verify", { mobile: known, code: await smsCode(known, since) });
  expect(made.status()).toBe(200);
  expect((await made.json()).name_required).toBe(true);
  const named = await page.request.patch(`${WEB_URL}/api/store/auth/me`, {
    data: { full_name: "Ravi Kumar" },
    headers: { Origin: WEB_URL, "Content-Type": "application/json" },
  });
  expect(named.status(), await named.text()).toBe(200);
  expect((await storePost(page, "/api/session/logout", {})).status()).toBe(204);

  // The API answers both numbers alike, and makes no account for the unknown one.
  const answers = await Promise.all(
    [known, unknown].map(async (mobile) => {
      const res = await fetch(`${API_URL}/api/auth/otp/request/`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ mobile }),
      });
      return `${res.status} ${await res.text()}`;
    }),
  );
  expect(answers[0]).toMatch(/^202 /);
  expect(answers[1]).toBe(answers[0]);

  // So does the page.
  await page.goto("/login");
  await askForCode(page, unknown, unknown);
  const unknownText = await page.getByTestId("otp-sent").textContent();
  await page.getByRole("button", { name: "Use another number or send a new code" }).click();
  since = apiLogSize();
  await page.getByLabel("Mobile number").fill(`0${known}`);
  await page.getByRole("button", { name: "Send code by SMS" }).click();
  await expect(page.getByTestId("otp-sent")).toHaveText(unknownText ?? "");
  const code = await smsCode(known, since);

  // The known number goes straight in: it has a name already.
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("Hello, Ravi Kumar.")).toBeVisible();
  await expect(page.getByTestId("profile-mobile")).toHaveText(spaced(known));
});
