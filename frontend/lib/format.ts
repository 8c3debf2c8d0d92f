/**
 * Whole rupees with Indian digit grouping ("₹1,23,456"), exactly as Intl's en-IN currency format writes them, but
 * without an Intl.NumberFormat: this module is in the browser's bundle (filters, the purchase panel), and building
 * the first en-IN formatter there loads locale data in one long task at load (issue 21).
 */
function rupees(n: number): string {
  const digits = String(Math.abs(Math.round(n)));
  const head = digits.slice(0, -3);
  const tail = digits.slice(-3);
  return `${n < 0 ? "-" : ""}₹${head ? `${head.replace(/\B(?=(\d{2})+$)/g, ",")},${tail}` : tail}`;
}

/** "19999.00" -> "₹19,999". Prices are whole rupees in practice; paise are shown when present. */
export function formatPrice(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (Math.round(n * 100) % 100 !== 0) {
    return new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR" }).format(n);
  }
  return rupees(n);
}

/** The decimal string the API and schema.org want ("19999.00"). */
export function decimalString(value: string | number): string {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n.toFixed(2) : String(value);
}

/** The sum of API decimal strings, added in whole paise so that no binary fraction creeps in ("0.10" + "0.20"). */
export function addAmounts(...values: (string | number)[]): string {
  const paise = values.reduce<number>((sum, v) => sum + Math.round(Number(v) * 100), 0);
  return (paise / 100).toFixed(2);
}

export function formatRating(rating: number): string {
  return (Math.round(Number(rating) * 10) / 10).toFixed(1);
}

export function formatStorage(gb: number | string): string {
  const n = Number(gb);
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} TB` : `${n} GB`;
}

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", year: "numeric", timeZone: "Asia/Kolkata" }).format(d);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-IN")} ${n === 1 ? one : many}`;
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", hour: "numeric", minute: "2-digit", timeZone: "Asia/Kolkata" }).format(d);
}

export function formatAddress(a: { line1: string; line2?: string; landmark?: string; city: string; state: string; pincode: string }): string {
  return [a.line1, a.line2, a.landmark, `${a.city}, ${a.state} ${a.pincode}`].filter(Boolean).join(", ");
}

/** A 10-digit Indian mobile number as shoppers read it: "+91 98765 43210" (accounts.models.format_mobile). */
export function formatMobile(mobile: string): string {
  return `+91 ${mobile.slice(0, 5)} ${mobile.slice(5)}`;
}
