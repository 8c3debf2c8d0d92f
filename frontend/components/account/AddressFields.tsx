"use client";

import type { AddressInput, State } from "@/lib/types";
import { Field, SelectField } from "./Field";

export const EMPTY_ADDRESS: AddressInput = { full_name: "", phone: "", line1: "", line2: "", landmark: "", city: "", state_code: "", pincode: "" };

export const PINCODE_RE = /^[1-9]\d{5}$/;
export const MOBILE_RE = /^[6-9]\d{9}$/;

/** Checks the browser can make before asking the API (which checks again and has the last word). */
export function localAddressErrors(a: AddressInput): Record<string, string[]> {
  const e: Record<string, string[]> = {};
  for (const k of ["full_name", "line1", "city"] as const) if (!a[k].trim()) e[k] = ["This field is required."];
  if (!a.state_code) e.state_code = ["Choose the state."];
  if (!MOBILE_RE.test(a.phone)) e.phone = ["Enter a 10-digit mobile number starting with 6, 7, 8 or 9."];
  if (!PINCODE_RE.test(a.pincode)) e.pincode = ["Enter a 6-digit Indian pincode that does not start with 0."];
  return e;
}

/**
 * Address inputs; errors are keyed as the API names them (optionally under a prefix, "address."). The state
 * is chosen from `states` (GET /api/states/) and sent as its code, the place of supply on a tax invoice.
 */
export function AddressFields({
  value,
  onChange,
  errors,
  states,
  prefix = "",
  idPrefix = "addr",
}: {
  value: AddressInput;
  onChange: (a: AddressInput) => void;
  errors: Record<string, string[]>;
  states: State[];
  prefix?: string;
  idPrefix?: string;
}) {
  const field = (name: keyof AddressInput) => ({
    id: `${idPrefix}-${name}`,
    name,
    value: value[name],
    errors: errors[`${prefix}${name}`],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      let v = e.target.value;
      if (name === "pincode") v = v.replace(/\D/g, "").slice(0, 6);
      if (name === "phone") v = v.replace(/\D/g, "").slice(0, 10);
      onChange({ ...value, [name]: v });
    },
  });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Full name" autoComplete="name" required {...field("full_name")} />
      <Field label="Mobile number" type="tel" inputMode="numeric" autoComplete="tel-national" maxLength={10} hint="10 digits, without +91" required {...field("phone")} />
      <Field label="Flat, house, building" autoComplete="address-line1" required className="sm:col-span-2" {...field("line1")} />
      <Field label="Area, street (optional)" autoComplete="address-line2" className="sm:col-span-2" {...field("line2")} />
      <Field label="Landmark (optional)" {...field("landmark")} />
      <Field label="Pincode" inputMode="numeric" autoComplete="postal-code" maxLength={6} required {...field("pincode")} />
      <Field label="City" autoComplete="address-level2" required {...field("city")} />
      <SelectField
        id={`${idPrefix}-state_code`}
        name="state_code"
        label="State"
        autoComplete="address-level1"
        required
        disabled={states.length === 0}
        placeholder={states.length ? "Choose a state" : "States could not be loaded"}
        hint={states.length ? undefined : "Please reload the page in a moment."}
        options={states.map((s) => ({ value: s.code, label: s.name }))}
        value={value.state_code}
        errors={errors[`${prefix}state_code`] ?? errors[`${prefix}state`]}
        onChange={(e) => onChange({ ...value, state_code: e.target.value })}
      />
    </div>
  );
}
