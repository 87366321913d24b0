import type { PriceTier } from '../../api/types.js';

// Distinguishable for common colour-vision deficiencies; seat states never rely on these alone.
const palette = ['#2563eb', '#d97706', '#059669', '#c026d3', '#0891b2', '#65a30d', '#dc2626', '#7c3aed'];

export function tierColours(tiers: PriceTier[]): (tierId: string) => string {
  const byId = new Map(tiers.map((t, i) => [t.id, palette[i % palette.length]!]));
  return (tierId) => byId.get(tierId) ?? '#64748b';
}
