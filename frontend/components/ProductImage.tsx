import Image, { type ImageProps } from "next/image";

type Props = Omit<ImageProps, "src" | "width" | "height" | "alt"> & {
  src: string;
  width: number;
  height: number;
  alt: string;
};

/**
 * next/image for API-served product pictures: intrinsic width and height come from the API (so the
 * browser reserves the box before the bytes arrive). Vector files are passed through as they are:
 * the optimizer does not rasterise SVG and they are already small.
 */
export function ProductImage({ src, width, height, alt, ...rest }: Props) {
  const isSvg = /\.svg(\?|$)/i.test(src);
  return (
    <Image
      src={src}
      width={width || 800}
      height={height || 800}
      alt={alt}
      unoptimized={isSvg}
      {...rest}
    />
  );
}

export function NoImage({ label }: { label: string }) {
  return (
    <div role="img" aria-label={label} className="flex h-full w-full items-center justify-center bg-gray-100 text-gray-500">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="1.5">
        <rect x="6" y="2" width="12" height="20" rx="2" />
        <path d="M11 18h2" />
      </svg>
    </div>
  );
}
