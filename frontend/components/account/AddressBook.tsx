"use client";

import { useState, type FormEvent } from "react";
import { StoreError, store } from "@/lib/store-client";
import type { Address, AddressInput, AddressPage, State } from "@/lib/types";
import { formatAddress } from "@/lib/format";
import { AddressFields, EMPTY_ADDRESS, localAddressErrors } from "./AddressFields";
import { FormError } from "./Field";

function toInput(a: Address): AddressInput {
  return { full_name: a.full_name, phone: a.phone, line1: a.line1, line2: a.line2, landmark: a.landmark, city: a.city, state_code: a.state_code, pincode: a.pincode };
}

export function AddressBook({ initial, states }: { initial: Address[]; states: State[] }) {
  const [list, setList] = useState(initial);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [value, setValue] = useState<AddressInput>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  async function reload() {
    setList((await store<AddressPage>("addresses?page_size=50")).results);
  }

  function open(target: number | "new") {
    setEditing(target);
    setErrors({});
    setMessage("");
    setValue(target === "new" ? EMPTY_ADDRESS : toInput(list.find((a) => a.id === target)!));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = localAddressErrors(value);
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      if (editing === "new") await store("addresses", { method: "POST", body: { ...value, is_default: list.length === 0 } });
      else await store(`addresses/${editing}`, { method: "PATCH", body: value });
      setEditing(null);
      await reload();
    } catch (err) {
      if (err instanceof StoreError) {
        setErrors(err.fields);
        setMessage(Object.keys(err.fields).length ? "" : err.message);
      }
    } finally {
      setBusy(false);
    }
  }

  async function act(id: number, action: "delete" | "default") {
    setMessage("");
    try {
      if (action === "delete") await store(`addresses/${id}`, { method: "DELETE" });
      else await store(`addresses/${id}`, { method: "PATCH", body: { is_default: true } });
      await reload();
    } catch (err) {
      setMessage(err instanceof StoreError ? err.message : "Could not change the address.");
    }
  }

  return (
    <div data-testid="address-book">
      <FormError message={editing === null ? message : ""} />
      {list.length === 0 && editing === null ? <p className="text-sm text-muted">No saved addresses yet.</p> : null}
      <ul className="space-y-2">
        {list.map((a) => (
          <li key={a.id} className="rounded-lg border border-gray-200 p-3 text-sm" data-testid="address">
            <p>
              <span className="font-semibold">{a.full_name}</span> · {a.phone}
              {a.is_default ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800">Default</span> : null}
            </p>
            <p className="text-muted">{formatAddress(a)}</p>
            {!a.state_code ? <p className="text-amber-900">Edit this address to choose its state: it is needed for the tax invoice.</p> : null}
            <div className="mt-2 flex gap-2">
              <button type="button" className="rounded-md px-2 py-1 font-semibold text-brand-800 hover:bg-brand-50" onClick={() => open(a.id)} data-testid="edit-address">
                Edit<span className="sr-only"> address {a.line1}</span>
              </button>
              <button type="button" className="rounded-md px-2 py-1 font-semibold text-red-800 hover:bg-red-50" onClick={() => act(a.id, "delete")} data-testid="delete-address">
                Delete<span className="sr-only"> address {a.line1}</span>
              </button>
              {!a.is_default ? (
                <button type="button" className="rounded-md px-2 py-1 font-semibold text-brand-800 hover:bg-brand-50" onClick={() => act(a.id, "default")}>
                  Make default
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {editing !== null ? (
        <form onSubmit={submit} noValidate className="mt-4 space-y-3 rounded-lg border border-gray-300 p-4" data-testid="address-form">
          <h3 className="font-bold">{editing === "new" ? "New address" : "Edit address"}</h3>
          <FormError message={message} />
          <AddressFields value={value} onChange={setValue} errors={errors} states={states} idPrefix="book" />
          <div className="flex gap-2">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="save-address">
              {busy ? "Saving…" : "Save address"}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-secondary mt-4" onClick={() => open("new")} data-testid="add-address">
          Add an address
        </button>
      )}
    </div>
  );
}
