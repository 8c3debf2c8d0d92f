import Link from "next/link";
import { getCategories } from "@/lib/api";
import type { Category } from "@/lib/types";
import { CompareLink } from "./CompareLink";
import { SearchBox } from "./SearchBox";
import { SessionLinks } from "./SessionLinks";
import { WishlistLink } from "./WishlistLink";

/**
 * Leaf-ish categories worth a header link: the children of top-level groups, flattened one level, and
 * only those with phones in them (an empty category stays reachable by URL, but is not advertised).
 */
function navCategories(tree: Category[]): Category[] {
  const out: Category[] = [];
  for (const root of tree) {
    for (const child of root.children) {
      if (child.children.length) out.push(...child.children);
      else out.push(child);
    }
  }
  return out.filter((c) => c.product_count > 0).slice(0, 6);
}

async function CategoryNav() {
  let cats: Category[] = [];
  try {
    cats = navCategories(await getCategories());
  } catch {
    cats = [];
  }
  return (
    <ul className="flex h-10 items-center gap-1 overflow-x-auto text-sm">
      <li>
        <Link href="/shop" prefetch={false} className="inline-flex min-h-9 items-center whitespace-nowrap rounded-md px-2 font-medium hover:bg-gray-100">
          All phones
        </Link>
      </li>
      {cats.map((c) => (
        <li key={c.slug}>
          <Link href={`/category/${c.slug}`} prefetch={false} className="inline-flex min-h-9 items-center whitespace-nowrap rounded-md px-2 hover:bg-gray-100">
            {c.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * The header's links do not prefetch: they are on every page, and prefetching each of them as soon as a page loads
 * was several RSC requests, parsed on the main thread, inside Lighthouse's blocking-time window (issue 21). A click
 * fetches the page then.
 */
export function Header() {
  return (
    <header className="border-b border-gray-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" prefetch={false} className="order-1 text-xl font-extrabold tracking-tight text-brand-800" aria-label="PhoneStore home">
          Phone<span className="text-ink">Store</span>
        </Link>
        <div className="order-3 w-full sm:order-2 sm:w-auto sm:flex-1">
          <SearchBox />
        </div>
        <nav aria-label="Account and tools" className="order-2 ml-auto flex items-center gap-1 sm:order-3">
          <CompareLink />
          <WishlistLink />
          <SessionLinks />
        </nav>
      </div>
      <nav aria-label="Categories" className="mx-auto max-w-7xl px-2">
        <CategoryNav />
      </nav>
    </header>
  );
}
