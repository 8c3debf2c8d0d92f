"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { sectionsFor } from "../sections";

/** The console's sections the role sees; the current one is marked for assistive technology (aria-current) and by sight. */
export function ConsoleNav({ role }: { role: string | null | undefined }) {
  const pathname = usePathname();
  const current = (href: string) => (href === "/staff" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="Console" className="border-b border-gray-200 bg-white">
      <ul className="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-2">
        {sectionsFor(role).map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              aria-current={current(s.href) ? "page" : undefined}
              className="inline-flex min-h-11 items-center border-b-2 border-transparent px-3 font-medium text-muted hover:text-ink aria-[current=page]:border-brand-700 aria-[current=page]:text-brand-800"
            >
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
