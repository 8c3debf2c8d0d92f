"use client";

import { useState } from "react";
import type { ProductImage as Img } from "@/lib/types";
import { NoImage, ProductImage } from "../ProductImage";
import { useOptionalVariant } from "./VariantContext";

/** Pictures of the chosen colour (plus the colour-less ones); the main image is the page's LCP. */
export function Gallery({ images, title }: { images: Img[]; title: string }) {
  const color = useOptionalVariant()?.variant.color;
  const forColor = color ? images.filter((i) => !i.color || i.color === color) : images;
  const shown = forColor.length ? forColor : images;
  const [picked, setPicked] = useState<{ color: string | undefined; index: number }>({ color, index: 0 });
  // A new colour starts from its first picture.
  const index = picked.color === color ? Math.min(picked.index, shown.length - 1) : 0;
  const main = shown[index];

  return (
    <div className="flex flex-col gap-3" data-testid="gallery">
      <div className="relative aspect-square w-full overflow-hidden rounded-2xl border border-gray-200 bg-gray-50">
        {main ? (
          <ProductImage
            key={main.url}
            src={main.url}
            width={main.width}
            height={main.height}
            alt={main.alt || `${title}${main.color ? ` in ${main.color}` : ""}`}
            sizes="(min-width: 1280px) 600px, (min-width: 1024px) 48vw, 100vw"
            preload={index === 0}
            fetchPriority={index === 0 ? "high" : undefined}
            className="h-full w-full object-contain p-4"
            data-testid="gallery-main"
          />
        ) : (
          <NoImage label={title} />
        )}
      </div>
      {shown.length > 1 ? (
        <ul className="flex gap-2 overflow-x-auto p-1" aria-label="More pictures">
          {shown.map((img, i) => (
            <li key={img.url} className="shrink-0">
              <button
                type="button"
                onClick={() => setPicked({ color, index: i })}
                aria-label={`Show picture ${i + 1} of ${shown.length}`}
                aria-current={i === index ? "true" : undefined}
                className={`block h-16 w-16 overflow-hidden rounded-lg border-2 bg-gray-50 ${i === index ? "border-brand-700" : "border-gray-200"}`}
              >
                <ProductImage src={img.url} width={img.width} height={img.height} alt="" sizes="64px" className="h-full w-full object-contain" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
