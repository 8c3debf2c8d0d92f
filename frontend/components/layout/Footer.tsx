import Link from "next/link";
import { getBrands } from "@/lib/api";
import { LEGAL_PAGES, legalPath } from "@/lib/legal-pages";
import type { Brand } from "@/lib/types";

export async function Footer() {
  let brands: Brand[] = [];
  try {
    brands = await getBrands();
  } catch {
    brands = [];
  }
  // Not laid out until scrolled near (content-visibility); held meanwhile at its measured height or a little more
  // (16 brands: 862px on a phone, 502px at 640px wide, 442px from 690px), so the page does not grow when it shows.
  return (
    <footer className="mt-16 border-t border-gray-200 bg-gray-50 [contain-intrinsic-size:auto_54rem] [content-visibility:auto] sm:[contain-intrinsic-size:auto_32rem] md:[contain-intrinsic-size:auto_28rem]">
      <div className="mx-auto grid max-w-7xl gap-8 px-4 py-10 text-sm sm:grid-cols-4">
        <div>
          <p className="text-lg font-extrabold text-brand-800">PhoneStore</p>
          <p className="mt-2 text-muted">Mobile phones delivered across India. All prices in ₹ and include GST.</p>
        </div>
        {/* The pages the Consumer Protection (E-Commerce) Rules ask every page to lead to. */}
        <nav aria-label="Policies" data-testid="footer-legal">
          <h2 className="mb-2 font-semibold">Policies and help</h2>
          <ul className="space-y-1">
            {LEGAL_PAGES.map((p) => (
              <li key={p.slug}>
                <Link href={legalPath(p.slug)} prefetch={false} className="inline-block py-1 text-muted hover:text-ink hover:underline">
                  {p.label}
                </Link>
              </li>
            ))}
            <li>
              <Link href="/support" prefetch={false} className="inline-block py-1 text-muted hover:text-ink hover:underline">
                File a complaint
              </Link>
            </li>
          </ul>
        </nav>
        <nav aria-label="Brands" className="sm:col-span-2">
          <h2 className="mb-2 font-semibold">Shop by brand</h2>
          <ul className="grid grid-cols-2 gap-1 sm:grid-cols-4">
            {brands.map((b) => (
              <li key={b.slug}>
                <Link href={`/brand/${b.slug}`} prefetch={false} className="inline-block py-1 text-muted hover:text-ink hover:underline">
                  {b.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <p className="border-t border-gray-200 py-4 text-center text-xs text-muted">© {new Date().getFullYear()} PhoneStore</p>
    </footer>
  );
}
