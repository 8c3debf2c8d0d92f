import { getImageProps, type ImageProps } from "next/image";
import { preload as preloadResource } from "react-dom";

type Props = Omit<ImageProps, "src" | "width" | "height" | "alt" | "priority"> & {
  src: string;
  width: number;
  height: number;
  alt: string;
};

/**
 * An optimised product picture (API-served; the same srcset and sizes as next/image) as a plain <img>: no client
 * component, so a grid of cards hydrates no image components (issue 21: less JavaScript and work at load).
 * Intrinsic width and height come from the API (the browser reserves the box before the bytes arrive). Vector
 * files are passed through as they are: the optimizer does not rasterise SVG and they are already small.
 * `preload` puts a <link rel="preload"> for the picture in <head>, as next/image does.
 */
export function ProductImage({ src, width, height, alt, preload = false, ...rest }: Props) {
  const isSvg = /\.svg(\?|$)/i.test(src);
  const { props } = getImageProps({ src, width: width || 800, height: height || 800, alt, unoptimized: isSvg, preload, ...rest });
  if (preload && props.src) {
    preloadResource(props.src, { as: "image", imageSrcSet: props.srcSet, imageSizes: props.sizes, fetchPriority: props.fetchPriority });
  }
  // eslint-disable-next-line @next/next/no-img-element, jsx-a11y/alt-text -- getImageProps gives the optimised srcset and the alt
  return <img {...props} />;
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
