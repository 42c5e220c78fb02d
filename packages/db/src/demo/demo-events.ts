import { type Channel, channelCodes } from '@sentia/contracts/common';
import type { demandEvents } from '../schema/forecasting-extras.ts';
import { DAY_MS, isoDate, parseIsoDate, specialDay } from './demo-calendar.ts';
import { demoParameters } from './demo-parameters.ts';

type DemandEventInsert = (typeof demandEvents)['$inferInsert'];

const channelsOf = (platform: 'AMAZON' | 'SHOPIFY' | 'ALL'): Channel[] | null => (platform === 'ALL' ? null : channelCodes.filter((c) => c.startsWith(platform)));

/**
 * The demo company's demand calendar: every special day (as a holiday) and every recurring promotion the generator
 * applied to the history, from the first history year to one year after `endDate`, so the planned ones reach the
 * forecast horizon. The same rules that shaped the generated sales, so a forecast can learn their effects.
 */
export function demoDemandEvents(startDate: string, endDate: string): DemandEventInsert[] {
  const from = parseIsoDate(startDate);
  const until = parseIsoDate(endDate) + 366 * DAY_MS;
  const rows: DemandEventInsert[] = [];
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(until).getUTCFullYear(); year += 1) {
    for (const sd of demoParameters.specialDays) {
      const day = specialDay(sd.rule, year);
      if (day < from || day > until) continue;
      rows.push({ kind: 'HOLIDAY', name: sd.name, code: null, startsOn: isoDate(day), endsOn: isoDate(day), skus: null, regions: null, channels: null, notes: 'demo calendar' });
    }
    for (const p of demoParameters.promotions) {
      const start = parseIsoDate(`${year}-${p.from}`);
      const end = parseIsoDate(`${year}-${p.to}`);
      if (end < from || start > until) continue;
      rows.push({
        kind: 'PROMOTION', name: p.name, code: p.code, startsOn: isoDate(start), endsOn: isoDate(end),
        skus: p.skus === 'ALL' ? null : [...p.skus], regions: null, channels: channelsOf(p.platform), notes: `demo calendar: ${Math.round(p.discount * 100)} % off`,
      });
    }
  }
  return rows.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.name.localeCompare(b.name));
}
