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

/** The order statuses in the lifecycle's order, as the API labels them (status_label), for the list's filter. */
export const ORDER_STATUSES: ReadonlyArray<[string, string]> = [
  ["PENDING_PAYMENT", "Pending payment"],
  ["CONFIRMATION_PENDING", "Awaiting confirmation"],
  ["CONFIRMED", "Confirmed"],
  ["PAID", "Paid"],
  ["PACKED", "Packed"],
  ["SHIPPED", "Shipped"],
  ["DELIVERED", "Delivered"],
  ["CANCELLED", "Cancelled"],
  ["REFUNDED", "Refunded"],
];

/** Today's order queues (the API's ?queue= values), named as Today names them. */
export const ORDER_QUEUES: ReadonlyArray<[string, string]> = [
  ["to_pack", "To pack"],
  ["to_ship", "To hand to the carrier"],
  ["cod_to_confirm", "Cash on delivery to confirm"],
  ["needs_review", "Flagged for review"],
];

export const PAYMENT_METHODS = Object.keys(METHOD_NAMES);

/** A status as a small badge's colours: where the order stands at a glance (the text says it too). */
export function statusTone(status: string): string {
  if (status === "PAID" || status === "CONFIRMED") return "bg-amber-100 text-amber-900";
  if (status === "PACKED") return "bg-sky-100 text-sky-900";
  if (status === "SHIPPED") return "bg-indigo-100 text-indigo-900";
  if (status === "DELIVERED") return "bg-green-100 text-green-900";
  if (status === "CANCELLED" || status === "REFUNDED") return "bg-gray-200 text-gray-800";
  return "bg-white text-gray-800 ring-1 ring-gray-300";
}
