import type { LegalBlock } from "@/lib/types";

/**
 * A legal page's text as the API sends it (headings, paragraphs, lists), drawn as plain elements: staff write it
 * in the admin, so nothing in it is ever treated as markup.
 */
export function LegalText({ blocks }: { blocks: LegalBlock[] }) {
  return (
    <div className="space-y-4 leading-relaxed" data-testid="legal-text">
      {blocks.map((block, i) =>
        block.type === "heading" ? (
          <h2 key={i} className="pt-4 text-xl font-bold">
            {block.text}
          </h2>
        ) : block.type === "list" ? (
          <ul key={i} className="list-disc space-y-1 pl-6">
            {(block.items ?? []).map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ) : (
          <p key={i}>{block.text}</p>
        ),
      )}
    </div>
  );
}
