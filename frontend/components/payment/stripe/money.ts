/** An amount the API gave in some currency ("12.34", "USD") as shoppers read it ("$12.34", "€12.34"). */
export function formatMoney(amount: string, currency: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat("en-IN", { style: "currency", currency: currency.toUpperCase(), currencyDisplay: "narrowSymbol" }).format(n);
  } catch {
    return `${amount} ${currency.toUpperCase()}`;
  }
}

/** Foreign currencies first (that is what Stripe is offered for), rupees last. */
export function orderCurrencies(codes: string[], store = "INR"): string[] {
  return [...codes.filter((c) => c !== store), ...codes.filter((c) => c === store)];
}

/** A decimal string without trailing zeros ("0.0119000000" -> "0.0119", "2.50" -> "2.5"): text only, no arithmetic. */
export function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}
