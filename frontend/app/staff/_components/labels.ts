/** How the console names things in its charts and tables (presentation only: the API decides what they are). */
const METHOD_NAMES: Record<string, string> = {
  razorpay: "Razorpay",
  stripe: "Stripe",
  cod: "Cash on delivery",
  dev: "Test payment",
};

export function methodName(code: string): string {
  return METHOD_NAMES[code] ?? code;
}

/** "2026-11-05" (an Indian day from the API) -> "5 Nov". */
export function shortDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", timeZone: "UTC" }).format(d);
}
