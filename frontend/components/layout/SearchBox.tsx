"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { fetchSuggestions } from "@/lib/client-api";
import type { Suggestion } from "@/lib/types";

function hrefFor(s: Suggestion): string {
  return s.type === "brand" ? `/brand/${s.slug}` : `/product/${s.slug}`;
}

/**
 * Header search: an ARIA 1.2 combobox. Typing asks /api/search/suggest/ (debounced, stale answers
 * aborted); ArrowDown/ArrowUp move through suggestions, Enter opens the highlighted one or searches,
 * Escape closes the list. Without JavaScript it is a plain GET form to /search.
 */
export function SearchBox() {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-list`;
  const [value, setValue] = useState("");
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => {
    const q = value.trim();
    if (q.length < 2) {
      abortRef.current?.abort();
      return;
    }
    const timer = window.setTimeout(() => {
      abortRef.current?.abort();
      const ctrl = new AbortController();
      abortRef.current = ctrl;
      fetchSuggestions(q, ctrl.signal)
        .then((r) => {
          setItems(r.suggestions.slice(0, 8));
          setOpen(true);
        })
        .catch(() => {
          if (!ctrl.signal.aborted) setItems([]);
        });
    }, 150);
    return () => window.clearTimeout(timer);
  }, [value]);

  const shown = open && value.trim().length >= 2 && items.length > 0;

  function go(href: string) {
    setOpen(false);
    setActive(-1);
    router.push(href);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!shown) setOpen(true);
      else setActive((a) => (a + 1) % items.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (shown) setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
    } else if (e.key === "Escape") {
      if (shown) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setValue("");
      }
    } else if (e.key === "Enter" && shown && active >= 0) {
      e.preventDefault();
      const s = items[active];
      if (s) go(hrefFor(s));
    }
  }

  return (
    <form
      role="search"
      action="/search"
      method="get"
      className="relative w-full"
      onSubmit={(e) => {
        e.preventDefault();
        const q = value.trim();
        if (q) go(`/search?q=${encodeURIComponent(q)}`);
      }}
    >
      <label htmlFor={`${id}-input`} className="sr-only">
        Search phones
      </label>
      <input
        id={`${id}-input`}
        name="q"
        type="search"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        placeholder="Search phones, brands…"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          // A new query clears the highlight here, not when its answer lands: a late answer must not
          // clear a suggestion the shopper has just chosen with the arrow keys.
          setActive(-1);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 120)}
        className="h-10 w-full rounded-lg border border-gray-400 bg-white pl-3 pr-20 text-sm text-ink placeholder:text-gray-600"
        data-testid="search-input"
      />
      <button type="submit" className="absolute right-1 top-1 h-8 rounded-md bg-brand-700 px-3 text-sm font-semibold text-white hover:bg-brand-800">
        Search
      </button>
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!shown}
        className="absolute left-0 right-0 top-11 z-30 overflow-hidden rounded-lg border border-gray-200 bg-white py-1 shadow-lg"
        data-testid="search-suggestions"
      >
        {items.map((s, i) => (
          <li
            key={`${s.type}-${s.slug}`}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => go(hrefFor(s))}
            onMouseEnter={() => setActive(i)}
            className={`flex cursor-pointer items-center justify-between px-3 py-2 text-sm ${i === active ? "bg-brand-50 text-brand-900" : "text-ink"}`}
          >
            <span>{s.title}</span>
            <span className="text-xs text-muted">{s.type === "brand" ? "Brand" : "Phone"}</span>
          </li>
        ))}
      </ul>
      <p className="sr-only" aria-live="polite">
        {shown ? `${items.length} suggestion${items.length === 1 ? "" : "s"} available` : ""}
      </p>
    </form>
  );
}
