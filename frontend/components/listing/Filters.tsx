"use client";

import { usePathname } from "next/navigation";
import { useId, useOptimistic, useState, type FormEvent } from "react";
import { formatPrice, formatStorage } from "@/lib/format";
import { activeFilterCount, hrefWith, type ListingQuery, type MultiKey } from "@/lib/query";
import type { FacetCounts, Facets, PriceRange } from "@/lib/types";
import { useListingNav } from "./ListingShell";

interface Props {
  query: ListingQuery;
  facets: Facets;
  price: PriceRange;
  /** Filters fixed by the page itself (the brand of /brand/x): not shown. */
  locked?: MultiKey[];
  brandNames?: Record<string, string>;
}

const COLLAPSED_MAX = 12;

const PRICE_PRESETS: { label: string; min?: number; max?: number }[] = [
  { label: "Under ₹10,000", max: 10000 },
  { label: "₹10,000 – ₹20,000", min: 10000, max: 20000 },
  { label: "₹20,000 – ₹35,000", min: 20000, max: 35000 },
  { label: "₹35,000 – ₹60,000", min: 35000, max: 60000 },
  { label: "Above ₹60,000", min: 60000 },
];

function facetEntries(counts: FacetCounts, selected: string[], numeric: boolean): [string, number][] {
  const entries = new Map(Object.entries(counts));
  for (const s of selected) if (!entries.has(s)) entries.set(s, 0);
  const list = [...entries.entries()];
  return numeric
    ? list.sort((a, b) => Number(a[0]) - Number(b[0]))
    : list.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function Filters({ query, facets, price, locked = [], brandNames = {} }: Props) {
  const pathname = usePathname();
  const { navigate } = useListingNav();
  const [optimistic, setOptimistic] = useOptimistic(query);
  const [open, setOpen] = useState(false);
  const [expanded, setExpanded] = useState<Partial<Record<MultiKey, boolean>>>({});
  const panelId = useId();
  const count = activeFilterCount(optimistic, locked);

  function apply(next: ListingQuery) {
    const withPage = { ...next, page: 1 };
    navigate(hrefWith(pathname, withPage), () => setOptimistic(withPage));
  }

  function toggle(key: MultiKey, value: string) {
    const current = optimistic[key];
    apply({ ...optimistic, [key]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] });
  }

  function onPriceSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const clean = (v: FormDataEntryValue | null) => {
      const n = Number(v);
      return v && Number.isFinite(n) && n >= 0 ? String(Math.floor(n)) : undefined;
    };
    let min = clean(data.get("price_min"));
    let max = clean(data.get("price_max"));
    if (min && max && Number(min) > Number(max)) [min, max] = [max, min];
    apply({ ...optimistic, price_min: min, price_max: max });
  }

  const clearHref = hrefWith(pathname, { q: query.q, sort: query.sort, page: 1, brand: [], ram: [], storage: [], color: [] });

  const groups: { key: MultiKey; title: string; numeric: boolean; label: (v: string) => string }[] = [
    { key: "brand", title: "Brand", numeric: false, label: (v) => brandNames[v] ?? v },
    { key: "ram", title: "RAM", numeric: true, label: (v) => `${v} GB` },
    { key: "storage", title: "Storage", numeric: true, label: (v) => formatStorage(v) },
    { key: "color", title: "Colour", numeric: false, label: (v) => v },
  ];

  const fiveG = facets.is_5g.true;

  return (
    <div>
      <button
        type="button"
        className="btn btn-secondary w-full lg:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Hide filters" : "Show filters"}
        {count ? ` (${count})` : ""}
      </button>
      <div id={panelId} className={`${open ? "block" : "hidden"} mt-4 space-y-6 lg:mt-0 lg:block`} data-testid="filters">
        <div className="flex items-center justify-between">
          <h2 className="text-base font-semibold">Filters</h2>
          {count ? (
            <a
              href={clearHref}
              onClick={(e) => {
                e.preventDefault();
                apply({ ...optimistic, brand: locked.includes("brand") ? optimistic.brand : [], ram: [], storage: [], color: [], price_min: undefined, price_max: undefined, is_5g: undefined, available: undefined, rating_min: undefined });
              }}
              className="text-sm font-medium text-brand-800 underline"
            >
              Clear all
            </a>
          ) : null}
        </div>

        {groups
          .filter((g) => !locked.includes(g.key))
          .map((g) => {
            const all = facetEntries(facets[g.key], optimistic[g.key], g.numeric);
            if (!all.length) return null;
            // Long lists (the demo has hundreds of colour names) show the most common few until asked.
            const long = all.length > 20;
            const entries = long && !expanded[g.key] ? all.filter(([v], i) => i < COLLAPSED_MAX || optimistic[g.key].includes(v)) : all;
            const listId = `${panelId}-${g.key}`;
            return (
              <fieldset key={g.key} data-facet={g.key}>
                <legend className="mb-2 text-sm font-semibold">{g.title}</legend>
                <ul className={`space-y-1 ${long && expanded[g.key] ? "max-h-80 overflow-y-auto pr-1" : ""}`} id={listId}>
                  {entries.map(([value, n]) => {
                    const checked = optimistic[g.key].includes(value);
                    return (
                      <li key={value}>
                        <label className="flex min-h-8 cursor-pointer items-center gap-2 text-sm">
                          <input
                            type="checkbox"
                            className="h-4 w-4 accent-brand-700"
                            checked={checked}
                            onChange={() => toggle(g.key, value)}
                            name={g.key}
                            value={value}
                          />
                          <span className={n === 0 && !checked ? "text-gray-500" : ""}>{g.label(value)}</span>
                          <span className="ml-auto text-xs text-muted" data-testid="facet-count">
                            <span className="sr-only">(</span>
                            {n}
                            <span className="sr-only"> phones)</span>
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
                {long ? (
                  <button
                    type="button"
                    className="mt-1 min-h-8 text-sm font-medium text-brand-800 underline"
                    aria-expanded={Boolean(expanded[g.key])}
                    aria-controls={listId}
                    onClick={() => setExpanded((e) => ({ ...e, [g.key]: !e[g.key] }))}
                  >
                    {expanded[g.key] ? `Show fewer` : `Show all ${all.length}`}
                    <span className="sr-only"> {g.title.toLowerCase()} options</span>
                  </button>
                ) : null}
              </fieldset>
            );
          })}

        <fieldset>
          <legend className="mb-2 text-sm font-semibold">Price</legend>
          <ul className="mb-3 space-y-1">
            {PRICE_PRESETS.map((p) => {
              const active = optimistic.price_min === (p.min ? String(p.min) : undefined) && optimistic.price_max === (p.max ? String(p.max) : undefined);
              return (
                <li key={p.label}>
                  <button
                    type="button"
                    aria-pressed={active}
                    onClick={() =>
                      apply({ ...optimistic, price_min: active ? undefined : p.min ? String(p.min) : undefined, price_max: active ? undefined : p.max ? String(p.max) : undefined })
                    }
                    className={`min-h-8 text-left text-sm hover:underline ${active ? "font-semibold text-brand-800" : ""}`}
                  >
                    {p.label}
                  </button>
                </li>
              );
            })}
          </ul>
          <form onSubmit={onPriceSubmit} className="flex items-end gap-2" key={`${optimistic.price_min}-${optimistic.price_max}`}>
            <label className="flex-1 text-xs text-muted">
              Min (₹)
              <input
                name="price_min"
                type="number"
                inputMode="numeric"
                min={0}
                step={500}
                defaultValue={optimistic.price_min}
                placeholder={price.min ? formatPrice(price.min).replace("₹", "") : ""}
                className="mt-1 w-full rounded-md border border-gray-400 px-2 py-1.5 text-sm text-ink"
              />
            </label>
            <label className="flex-1 text-xs text-muted">
              Max (₹)
              <input
                name="price_max"
                type="number"
                inputMode="numeric"
                min={0}
                step={500}
                defaultValue={optimistic.price_max}
                placeholder={price.max ? formatPrice(price.max).replace("₹", "") : ""}
                className="mt-1 w-full rounded-md border border-gray-400 px-2 py-1.5 text-sm text-ink"
              />
            </label>
            <button type="submit" className="btn btn-secondary px-3 py-1.5">
              Go
            </button>
          </form>
        </fieldset>

        <fieldset>
          <legend className="mb-2 text-sm font-semibold">Customer rating</legend>
          {[
            { v: "4", label: "4★ & above" },
            { v: "3", label: "3★ & above" },
            { v: "", label: "Any rating" },
          ].map((r) => (
            <label key={r.v || "any"} className="flex min-h-8 cursor-pointer items-center gap-2 text-sm">
              <input
                type="radio"
                name="rating_min"
                className="h-4 w-4 accent-brand-700"
                checked={(optimistic.rating_min ?? "") === r.v}
                onChange={() => apply({ ...optimistic, rating_min: r.v || undefined })}
              />
              {r.label}
            </label>
          ))}
        </fieldset>

        <fieldset>
          <legend className="mb-2 text-sm font-semibold">More</legend>
          <label className="flex min-h-8 cursor-pointer items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="is_5g"
              className="h-4 w-4 accent-brand-700"
              checked={optimistic.is_5g === "true"}
              onChange={(e) => apply({ ...optimistic, is_5g: e.target.checked ? "true" : undefined })}
            />
            5G phones
            {fiveG !== undefined ? <span className="ml-auto text-xs text-muted">{fiveG}</span> : null}
          </label>
          <label className="flex min-h-8 cursor-pointer items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="available"
              className="h-4 w-4 accent-brand-700"
              checked={optimistic.available === "true"}
              onChange={(e) => apply({ ...optimistic, available: e.target.checked ? "true" : undefined })}
            />
            In stock only
          </label>
        </fieldset>
      </div>
    </div>
  );
}
