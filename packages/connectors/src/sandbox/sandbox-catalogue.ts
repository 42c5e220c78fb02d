/** The demo spirits catalogue the sandboxes serve unless a data set is passed in. */
export interface SandboxSku {
  sku: string;
  name: string;
  asin: string;
  /** Retail prices by currency, as decimal strings. */
  prices: Record<'GBP' | 'EUR' | 'USD', string>;
  unitCost: string;
}

export const sandboxSkus: readonly SandboxSku[] = [
  { sku: 'GIN-LDN-70CL', name: 'London Dry Gin 70cl', asin: 'B0SENTIA01', prices: { GBP: '34.99', EUR: '39.99', USD: '44.99' }, unitCost: '9.82' },
  { sku: 'GIN-PINK-70CL', name: 'Pink Gin 70cl', asin: 'B0SENTIA02', prices: { GBP: '32.99', EUR: '37.99', USD: '42.99' }, unitCost: '9.40' },
  { sku: 'GIN-NAVY-50CL', name: 'Navy Strength Gin 50cl', asin: 'B0SENTIA03', prices: { GBP: '39.99', EUR: '45.99', USD: '49.99' }, unitCost: '11.25' },
  { sku: 'VOD-PURE-70CL', name: 'Pure Vodka 70cl', asin: 'B0SENTIA04', prices: { GBP: '27.99', EUR: '31.99', USD: '34.99' }, unitCost: '7.10' },
  { sku: 'RUM-SPICE-70CL', name: 'Spiced Rum 70cl', asin: 'B0SENTIA05', prices: { GBP: '29.99', EUR: '34.99', USD: '37.99' }, unitCost: '8.05' },
  { sku: 'WHI-SGL-70CL', name: 'Single Malt 70cl', asin: 'B0SENTIA06', prices: { GBP: '54.99', EUR: '62.99', USD: '69.99' }, unitCost: '17.60' },
  { sku: 'WHI-BLD-70CL', name: 'Blended Whisky 70cl', asin: 'B0SENTIA07', prices: { GBP: '36.99', EUR: '41.99', USD: '46.99' }, unitCost: '10.90' },
  { sku: 'LIQ-ORG-50CL', name: 'Orange Liqueur 50cl', asin: 'B0SENTIA08', prices: { GBP: '24.99', EUR: '28.99', USD: '31.99' }, unitCost: '6.30' },
  { sku: 'GIFT-TRIO-5CL', name: 'Gin Tasting Trio 3x5cl', asin: 'B0SENTIA09', prices: { GBP: '19.99', EUR: '22.99', USD: '24.99' }, unitCost: '5.15' },
];
