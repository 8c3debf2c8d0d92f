"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ClientApiError, fetchShippingEstimate } from "@/lib/client-api";
import { addAmounts, formatAddress, formatDate, formatPrice } from "@/lib/format";
import { legalPath } from "@/lib/legal-pages";
import { PAYABLE_METHODS, methodLabel, pay } from "@/lib/payment-client";
import { paymentPage } from "@/lib/payment-labels";
import { StripeCheckoutOption, defaultStripeCurrency } from "../payment/stripe/StripeCheckoutOption";
import { StoreError, store } from "@/lib/store-client";
import type { Address, AddressInput, Cart, CheckoutOptions, CheckoutRequest, Order, PaymentMethod, ShippingEstimate, State, User } from "@/lib/types";
import { AddressFields, EMPTY_ADDRESS, PINCODE_RE, localAddressErrors } from "../account/AddressFields";
import { Field, FormError } from "../account/Field";
import { CouponField } from "../cart/CouponField";
import { Totals, cartTotals } from "../cart/Totals";

type Estimate = { kind: "none" } | { kind: "loading" } | { kind: "ok"; e: ShippingEstimate } | { kind: "bad"; message: string } | { kind: "unavailable" };

function useEstimate(pincode: string, variant: number | undefined): Estimate {
  const key = variant && PINCODE_RE.test(pincode) ? `${pincode}:${variant}` : "";
  const [result, setResult] = useState<{ key: string; value: Estimate }>({ key: "", value: { kind: "none" } });
  useEffect(() => {
    if (!key || !variant) return;
    const ctl = new AbortController();
    fetchShippingEstimate(pincode, variant, ctl.signal)
      .then((e) => setResult({ key, value: { kind: "ok", e } }))
      .catch((err: unknown) => {
        if (ctl.signal.aborted) return;
        if (err instanceof ClientApiError && err.status === 400)
          setResult({ key, value: { kind: "bad", message: err.message || "We don’t deliver to that pincode yet." } });
        else setResult({ key, value: { kind: "unavailable" } });
      });
    return () => ctl.abort();
  }, [key, pincode, variant]);
  if (!key) return { kind: "none" };
  return result.key === key ? result.value : { kind: "loading" };
}

function EstimateLine({ state }: { state: Estimate }) {
  return (
    <p role="status" className="mt-2 min-h-5 text-sm" data-testid="checkout-estimate">
      {state.kind === "ok" ? (
        <span className="text-green-800">
          Delivery by {formatDate(state.e.eta_date)} ({state.e.min_days}–{state.e.max_days} days) to {state.e.pincode}.
        </span>
      ) : state.kind === "bad" ? (
        <span className="text-red-700">{state.message}</span>
      ) : state.kind === "loading" ? (
        <span className="text-muted">Checking delivery…</span>
      ) : state.kind === "unavailable" ? (
        <span className="text-muted">We deliver across India; the date is confirmed when your order ships.</span>
      ) : null}
    </p>
  );
}

/** Cash on delivery as the API offers it for this pincode and the cart as it is now (a coupon changes the total). */
function useCodOption(initial: PaymentMethod | undefined, pincode: string, total: string): PaymentMethod | undefined {
  const key = initial && PINCODE_RE.test(pincode) ? `${pincode}:${total}` : "";
  const [result, setResult] = useState<{ key: string; value: PaymentMethod | undefined }>({ key: "", value: initial });
  useEffect(() => {
    if (!key) return;
    let live = true;
    store<CheckoutOptions>(`checkout/options/?pincode=${encodeURIComponent(pincode)}`)
      .then((o) => live && setResult({ key, value: o.payment_methods.find((m) => m.code === "cod") }))
      .catch(() => live && setResult({ key, value: undefined }));
    return () => {
      live = false;
    };
  }, [key, pincode]);
  if (!initial) return undefined;
  if (!key) return initial;
  return result.key === key ? result.value : { ...initial, offered: false, reasons: [{ code: "checking", message: "Checking cash on delivery…" }] };
}

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function CheckoutForm({ cart: initialCart, addresses, options, user, states }: { cart: Cart; addresses: Address[]; options: CheckoutOptions; user: User; states: State[] }) {
  const router = useRouter();
  // The coupon field changes the cart's prices here too.
  const [cart, setCart] = useState<Cart>(initialCart);
  const preferred = addresses.find((a) => a.is_default) ?? addresses[0];
  const [mode, setMode] = useState<number | "new">(preferred ? preferred.id : "new");
  const [address, setAddress] = useState<AddressInput>({ ...EMPTY_ADDRESS, full_name: user.full_name, phone: user.phone });
  const [save, setSave] = useState(true);
  const [savedId, setSavedId] = useState<number | null>(null);
  // A business buyer's GSTIN for the tax invoice (input tax credit); the API checks it and its state.
  const [gstin, setGstin] = useState("");
  // Only the methods this storefront can complete; Stripe (other currencies) last, and never the default:
  // shoppers paying in rupees start on Razorpay (or the test payment).
  const methods = options.payment_methods.filter((m) => PAYABLE_METHODS.includes(m.code)).sort((a, b) => Number(a.code === "stripe") - Number(b.code === "stripe"));
  const [picked, setPicked] = useState(methods.find((m) => m.code !== "cod")?.code ?? "");
  const [stripeCurrency, setStripeCurrency] = useState(() => defaultStripeCurrency(methods.find((m) => m.code === "stripe")));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [phase, setPhase] = useState<"idle" | "placing" | "paying">("idle");
  // One key for this checkout: a repeated click, a retry after a lost answer, or a double submit all
  // return the same order instead of a second one (the API's Idempotency-Key).
  const key = useRef<string>("");
  const inFlight = useRef(false);

  const chosen = mode === "new" ? null : addresses.find((a) => a.id === mode);
  const pincode = chosen ? chosen.pincode : address.pincode;
  const estimate = useEstimate(pincode, cart.items[0]?.variant.id);
  const cod = useCodOption(
    methods.find((m) => m.code === "cod"),
    pincode,
    cart.total,
  );
  // Cash on delivery can be chosen only while it is offered; otherwise checkout falls back to the first other method.
  const method = picked === "cod" && !cod?.offered ? (methods.find((m) => m.code !== "cod")?.code ?? "") : picked;
  const codFee = method === "cod" && cod?.fee ? cod.fee : "0";
  // Another method chosen: the API's refusal of the previous one no longer applies.
  function setMethod(code: string) {
    setPicked(code);
    setErrors((current) => {
      const rest = { ...current };
      delete rest.payment_method;
      return rest;
    });
  }

  async function placeOrder(e: FormEvent) {
    e.preventDefault();
    if (inFlight.current) return;
    setMessage("");
    setErrors({});
    let target: { address_id: number } | { address: AddressInput };
    if (mode === "new" && savedId === null) {
      const local = localAddressErrors(address);
      if (Object.keys(local).length) {
        setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [`address.${k}`, v])));
        setMessage("Please correct the address.");
        return;
      }
    }
    inFlight.current = true;
    setPhase("placing");
    try {
      if (mode !== "new") target = { address_id: mode };
      else if (savedId !== null) target = { address_id: savedId };
      else if (save) {
        const created = await store<Address>("addresses", { method: "POST", body: { ...address, is_default: addresses.length === 0 } });
        setSavedId(created.id);
        target = { address_id: created.id };
      } else target = { address };
      key.current ||= newKey();
      const body = { payment_method: method, ...target, ...(gstin.trim() ? { buyer_gstin: gstin.trim() } : {}) } satisfies CheckoutRequest;
      const order = await store<Order>("checkout", { method: "POST", body, headers: { "Idempotency-Key": key.current } });
      setPhase("paying");
      // Stripe is paid on its own page (the Payment Element in the chosen currency).
      const own = paymentPage(order.payment_method, order.id, stripeCurrency);
      if (own) {
        router.push(own);
        return;
      }
      const outcome = await pay(order.payment_method, order.id);
      const q = outcome.kind === "paid" ? "" : `?payment=${outcome.kind}`;
      if (outcome.kind === "failed") sessionStorage.setItem(`phonestore:payment-error:${order.id}`, outcome.message);
      router.push(`/order/${order.id}${q}`);
      router.refresh();
    } catch (err) {
      inFlight.current = false;
      setPhase("idle");
      if (err instanceof StoreError) {
        const fields = { ...err.fields };
        // An address saved a moment ago answers with plain field names: show them on the form.
        setErrors(fields);
        const stock = Object.entries(fields).filter(([k]) => k.startsWith("items."));
        setMessage(stock.length ? `${err.message} ${stock.map(([, v]) => v.join(" ")).join(" ")}` : err.message);
        if (err.code === "idempotency_key_reused") key.current = newKey();
      } else setMessage("Something went wrong. Please try again.");
    }
  }

  const addressErrors = Object.fromEntries(
    Object.entries(errors).filter(([k]) => k.startsWith("address.") || !k.includes(".")).map(([k, v]) => [k.startsWith("address.") ? k : `address.${k}`, v]),
  );

  return (
    <form onSubmit={placeOrder} noValidate className="grid gap-8 lg:grid-cols-[1fr_22rem]" data-testid="checkout-form">
      <div className="space-y-8">
        <fieldset className="rounded-xl border border-gray-200 p-4">
          <legend className="px-1 text-lg font-bold">1. Delivery address</legend>
          {addresses.length ? (
            <div className="space-y-2">
              {addresses.map((a) => (
                <label key={a.id} className={`flex cursor-pointer gap-3 rounded-lg border p-3 ${mode === a.id ? "border-brand-700 bg-brand-50" : "border-gray-300"}`}>
                  <input type="radio" name="address" checked={mode === a.id} onChange={() => setMode(a.id)} className="mt-1" data-testid="saved-address" />
                  <span className="text-sm">
                    <span className="font-semibold">{a.full_name}</span> · {a.phone}
                    <br />
                    {formatAddress(a)}
                  </span>
                </label>
              ))}
              <label className={`flex cursor-pointer gap-3 rounded-lg border p-3 ${mode === "new" ? "border-brand-700 bg-brand-50" : "border-gray-300"}`}>
                <input type="radio" name="address" checked={mode === "new"} onChange={() => setMode("new")} data-testid="new-address" />
                <span className="text-sm font-semibold">Deliver to a new address</span>
              </label>
            </div>
          ) : null}
          {mode === "new" ? (
            <div className="mt-4">
              <AddressFields value={address} onChange={(a) => { setAddress(a); setSavedId(null); }} errors={addressErrors} states={states} prefix="address." idPrefix="ship" />
              <label className="mt-3 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={save} onChange={(e) => setSave(e.target.checked)} /> Save this address to my account
              </label>
            </div>
          ) : null}
          {errors.address_id ? <p className="mt-2 text-sm text-red-700">{errors.address_id.join(" ")}</p> : null}
          <EstimateLine state={estimate} />
          <Field
            id="ship-buyer_gstin"
            name="buyer_gstin"
            label="GSTIN (for business purchases)"
            hint="Optional. Printed on your tax invoice to claim input tax credit; it must be registered in the delivery address’s state."
            className="mt-4 sm:max-w-xs"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={15}
            value={gstin}
            errors={errors.buyer_gstin}
            onChange={(e) => setGstin(e.target.value.toUpperCase())}
          />
        </fieldset>

        <fieldset className="rounded-xl border border-gray-200 p-4">
          <legend className="px-1 text-lg font-bold">2. Payment</legend>
          <div className="space-y-2">
            {methods.map((listed) => {
              const m = listed.code === "cod" && cod ? cod : listed;
              const unavailable = m.code === "cod" && !m.offered;
              return (
              <label key={m.code} className={`flex gap-3 rounded-lg border p-3 ${unavailable ? "cursor-not-allowed opacity-80" : "cursor-pointer"} ${method === m.code ? "border-brand-700 bg-brand-50" : "border-gray-300"}`}>
                <input type="radio" name="payment_method" value={m.code} checked={method === m.code} disabled={unavailable} onChange={() => setMethod(m.code)} className="mt-1" data-testid={`method-${m.code}`} />
                <span className="text-sm">
                  <span className="font-semibold">{methodLabel(m.code, m.label)}</span>
                  {m.code === "cod" && m.fee && Number(m.fee) > 0 ? <span className="ml-2 text-muted">Fee {formatPrice(m.fee)}</span> : null}
                  {unavailable ? (
                    <span className="block text-red-800" data-testid="cod-unavailable">
                      Not available because {(m.reasons ?? []).map((r) => r.message.replace(/\.$/, "")).join("; ") || "it is not offered for this order"}.
                    </span>
                  ) : null}
                  {m.code === "dev" ? (
                    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-bold text-amber-900">DEMO</span>
                  ) : null}
                  {m.description && m.code !== "dev" && m.code !== "stripe" ? <span className="block text-muted">{m.description}</span> : null}
                  {m.code === "dev" ? <span className="block text-muted">Marks the order paid without charging anyone. Only offered in the demo.</span> : null}
                </span>
              </label>
              );
            })}
          </div>
          {method === "stripe" ? (
            <StripeCheckoutOption method={methods.find((m) => m.code === "stripe")} currency={stripeCurrency} onChange={setStripeCurrency} totals={cart.total_in_currencies ?? {}} />
          ) : null}
          {errors.payment_method ? <p className="mt-2 text-sm text-red-700">{errors.payment_method.join(" ")}</p> : null}
        </fieldset>
      </div>

      <aside className="space-y-4">
        <section aria-labelledby="summary-heading" className="rounded-xl border border-gray-200 p-4">
          <h2 id="summary-heading" className="text-lg font-bold">
            Order summary
          </h2>
          <ul className="mt-2 divide-y divide-gray-100 text-sm" data-testid="checkout-lines">
            {cart.items.map((l) => (
              <li key={l.id} className="flex justify-between gap-2 py-2">
                <span>
                  {l.variant.product_title} <span className="text-muted">({l.variant.label})</span> × {l.quantity}
                </span>
                <span className="font-semibold">{formatPrice(l.line_total)}</span>
              </li>
            ))}
          </ul>
        </section>
        <CouponField cart={cart} onCart={setCart} />
        <Totals t={cartTotals(cart)} />
        <FormError message={message} />
        <button type="submit" className="btn btn-primary w-full py-3 text-base" disabled={phase !== "idle" || !cart.can_checkout} data-testid="place-order">
          {phase === "placing"
            ? "Placing your order…"
            : phase === "paying"
              ? method === "cod"
                ? "Sending your confirmation code…"
                : "Waiting for payment…"
              : method === "cod"
                ? `Place order: pay ${formatPrice(addAmounts(cart.total, codFee))} in cash on delivery`
                : `Place order and pay ${formatPrice(cart.total)}`}
        </button>
        <p className="text-xs text-muted">
          Your phones are held for {options.reservation_minutes} minutes while you pay. Prices include GST.
        </p>
        <p className="text-xs text-muted" data-testid="checkout-legal">
          By placing the order you accept our{" "}
          <Link href={legalPath("terms")} className="underline">
            terms of use
          </Link>{" "}
          and the{" "}
          <Link href={legalPath("shipping")} className="underline">
            shipping
          </Link>
          ,{" "}
          <Link href={legalPath("cancellation")} className="underline">
            cancellation
          </Link>
          ,{" "}
          <Link href={legalPath("returns")} className="underline">
            returns
          </Link>{" "}
          and{" "}
          <Link href={legalPath("refunds")} className="underline">
            refund
          </Link>{" "}
          policies. Our{" "}
          <Link href={legalPath("privacy")} className="underline">
            privacy notice
          </Link>{" "}
          says how we use your details; sold by{" "}
          <Link href={legalPath("seller")} className="underline">
            the seller named here
          </Link>
          .
        </p>
      </aside>
    </form>
  );
}
