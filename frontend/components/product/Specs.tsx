import { formatDate, formatStorage } from "@/lib/format";
import type { ProductDetail } from "@/lib/types";

export function Specs({ product: p }: { product: ProductDetail }) {
  const s = p.specs;
  const ram = [...new Set(p.variants.map((v) => v.ram_gb))].sort((a, b) => a - b);
  const storage = [...new Set(p.variants.map((v) => v.storage_gb))].sort((a, b) => a - b);
  const colours = [...new Set(p.variants.map((v) => v.color))];
  const rows: [string, string | null | undefined][] = [
    ["Brand", p.brand.name],
    ["Display", [s.display_size_in ? `${s.display_size_in}″` : "", s.display].filter(Boolean).join(", ")],
    ["Processor", s.processor],
    ["RAM", ram.length ? ram.map((r) => `${r} GB`).join(" / ") : null],
    ["Storage", storage.length ? storage.map(formatStorage).join(" / ") : null],
    ["Main camera", s.main_camera_mp ? `${s.main_camera_mp} MP` : null],
    ["Cameras", s.camera_summary],
    ["Battery", s.battery_mah ? `${s.battery_mah.toLocaleString("en-IN")} mAh` : null],
    ["Operating system", s.os],
    ["Network", s.is_5g ? "5G" : "4G"],
    ["Weight", s.weight_g ? `${s.weight_g} g` : null],
    ["Colours", colours.join(", ")],
    ["Launch date", s.launch_date ? formatDate(s.launch_date) : null],
  ];
  return (
    <table className="w-full border-collapse text-sm" data-testid="specs">
      <caption className="sr-only">Specifications of {p.title}</caption>
      <tbody>
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <tr key={k} className="border-b border-gray-200">
              <th scope="row" className="w-1/3 py-2.5 pr-4 text-left align-top font-medium text-muted">
                {k}
              </th>
              <td className="py-2.5">{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
