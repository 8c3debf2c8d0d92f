"use client";

import { useRouter } from "next/navigation";
import { createContext, use, useCallback, useTransition, type ReactNode } from "react";

interface ListingNav {
  /** Soft navigation to another filter URL: no full reload, one history entry per change. */
  navigate: (href: string, alongside?: () => void) => void;
  pending: boolean;
}

const ListingContext = createContext<ListingNav>({ navigate: () => {}, pending: false });

export function useListingNav(): ListingNav {
  return use(ListingContext);
}

export function ListingShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const navigate = useCallback(
    (href: string, alongside?: () => void) => {
      startTransition(() => {
        alongside?.();
        router.push(href, { scroll: false });
      });
    },
    [router],
  );
  return <ListingContext value={{ navigate, pending }}>{children}</ListingContext>;
}

/** Dims the results while the next filter state loads, and tells assistive tech it is busy. */
export function PendingRegion({ children, className = "" }: { children: ReactNode; className?: string }) {
  const { pending } = useListingNav();
  return (
    <div aria-busy={pending} data-pending={pending ? "true" : undefined} className={`${className} transition-opacity ${pending ? "opacity-60" : ""}`}>
      {children}
    </div>
  );
}
