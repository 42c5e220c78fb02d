import type { Region } from '@sentia/contracts/common';

const uk = ['united kingdom', 'uk', 'gb', 'gbr', 'great britain', 'england', 'scotland', 'wales', 'northern ireland'];
const us = ['united states', 'united states of america', 'usa', 'us'];
const eu = [
  'austria', 'belgium', 'bulgaria', 'croatia', 'cyprus', 'czechia', 'czech republic', 'denmark', 'estonia', 'finland', 'france', 'germany',
  'greece', 'hungary', 'ireland', 'italy', 'latvia', 'lithuania', 'luxembourg', 'malta', 'netherlands', 'the netherlands', 'poland',
  'portugal', 'romania', 'slovakia', 'slovenia', 'spain', 'sweden',
  'at', 'be', 'bg', 'hr', 'cy', 'cz', 'dk', 'ee', 'fi', 'fr', 'de', 'gr', 'hu', 'ie', 'it', 'lv', 'lt', 'lu', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'si', 'es', 'se',
];
const byName = new Map<string, Region>([...uk.map((c) => [c, 'UK'] as const), ...us.map((c) => [c, 'US'] as const), ...eu.map((c) => [c, 'EU'] as const)]);

/** The company's sales region (UK, EU, US) of a country name or ISO code as ERPs write it; null outside them or when blank. */
export function regionOfCountry(country: string | null | undefined): Region | null {
  if (!country) return null;
  return byName.get(country.trim().toLowerCase()) ?? null;
}
