/**
 * The legal pages' API reads. Their words and facts (names, windows, fees) come from the API (GET /api/legal/...),
 * which reads them from the settings the store acts on; staff edit the words in the admin, which expires the
 * "legal" tag (app/api/revalidate).
 */
import { cache } from "react";
import { apiGet } from "./api";
import { TAGS } from "./config";
import type { LegalSlug } from "./legal-pages";
import type { LegalIndex, LegalPage } from "./types";

/** Deduplicated per request: generateMetadata and the page share one call. */
export const getLegalPage = cache(
  (slug: LegalSlug): Promise<LegalPage> => apiGet<LegalPage>(`/api/legal/${slug}/`, undefined, { tags: [TAGS.legal] }),
);

export const getLegalIndex = cache((): Promise<LegalIndex> => apiGet<LegalIndex>("/api/legal/", undefined, { tags: [TAGS.legal] }));
