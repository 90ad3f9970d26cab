/** Bands in words, for the framework cheat sheet and the backtest report alike. */
import type { Band, DateBand } from "./schema.js";

const num = (n: number): string => n.toLocaleString("en-US");

/** `10,000 to under 50,000 USD`, `50,000 or more USD`, or the band's own label. */
export function bandLabel(band: Band, unit?: string): string {
  if (band.label !== undefined) return band.label;
  const u = unit === undefined ? "" : ` ${unit}`;
  if (band.min !== undefined && band.max !== undefined)
    return `${num(band.min)} to under ${num(band.max)}${u}`;
  if (band.min !== undefined) return `${num(band.min)} or more${u}`;
  if (band.max !== undefined) return `under ${num(band.max)}${u}`;
  return "any";
}

/** `within 30 days ago to 30 days ahead`, or the band's own label. */
export function dateBandLabel(band: DateBand): string {
  if (band.label !== undefined) return band.label;
  const parts: string[] = [];
  if (band.withinDaysAgo !== undefined) parts.push(`${band.withinDaysAgo} days ago`);
  if (band.withinDays !== undefined) parts.push(`${band.withinDays} days ahead`);
  return `within ${parts.join(" to ")}`;
}
