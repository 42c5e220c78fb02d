import type { Channel, Currency, Region } from '@sentia/contracts/common';

/**
 * Every knob of the Sentia Spirits demo world, in one place. The generator reads nothing else, so
 * changing the story (a new SKU, a longer stock-out, a slower payer) is an edit here.
 *
 * Conventions: prices and costs are decimal strings in major units; rates and shares are plain
 * fractions; "offset" dates count days back from the end date so episodes always land inside the
 * generated history whatever the end date is.
 */
export const demoParameters = {
  company: { code: 'sentia-spirits', name: 'Sentia Spirits Ltd', reportingCurrency: 'GBP' as Currency },

  /** Days of daily history ending at (and including) the end date: a little over two years. */
  historyDays: 760,

  /**
   * Demand level: expected bottles per day for each SKU across all channels at the start of the
   * history, before trend and seasonality. The sum sets the order volume (≈ 60–70 k orders over the
   * history), chosen so seeding stays within 15 s on the embedded database.
   */
  skus: [
    { sku: 'SEN-GIN-70', name: 'Sentia London Dry Gin 70cl', category: 'Gin', sizeMl: 700, abv: '41.5', unitsPerCase: 6, standardCost: '9.80', price: { GBP: '34.00', EUR: '39.90', USD: '44.00' }, baseDailyUnits: 38, summerBoost: 0.15, line: 'BOTTLING-1', batchSize: 900 },
    { sku: 'SEN-GIN-20', name: 'Sentia London Dry Gin 20cl', category: 'Gin', sizeMl: 200, abv: '41.5', unitsPerCase: 12, standardCost: '4.20', price: { GBP: '14.00', EUR: '16.50', USD: '18.00' }, baseDailyUnits: 10, summerBoost: 0.1, line: 'BOTTLING-2', batchSize: 500 },
    { sku: 'SEN-PINK-70', name: 'Sentia Pink Grapefruit Gin 70cl', category: 'Flavoured gin', sizeMl: 700, abv: '37.5', unitsPerCase: 6, standardCost: '9.40', price: { GBP: '32.00', EUR: '37.50', USD: '41.00' }, baseDailyUnits: 14, summerBoost: 0.45, line: 'BOTTLING-1', batchSize: 300 },
    { sku: 'SEN-NAVY-70', name: 'Sentia Navy Strength Gin 70cl', category: 'Gin', sizeMl: 700, abv: '57.0', unitsPerCase: 6, standardCost: '12.60', price: { GBP: '42.00', EUR: '48.00', USD: '54.00' }, baseDailyUnits: 3.2, summerBoost: 0, line: 'BOTTLING-1', batchSize: 300 },
    { sku: 'SEN-VOD-70', name: 'Sentia Wheat Vodka 70cl', category: 'Vodka', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '7.90', price: { GBP: '28.00', EUR: '32.90', USD: '36.00' }, baseDailyUnits: 12, summerBoost: 0.05, line: 'BOTTLING-1', batchSize: 300 },
    { sku: 'SEN-RUM-70', name: 'Sentia Spiced Rum 70cl', category: 'Rum', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '9.10', price: { GBP: '33.00', EUR: '38.50', USD: '42.00' }, baseDailyUnits: 11, summerBoost: -0.1, line: 'BOTTLING-1', batchSize: 300 },
    { sku: 'SEN-AMARO-50', name: 'Sentia Botanical Amaro 50cl', category: 'Liqueur', sizeMl: 500, abv: '28.0', unitsPerCase: 6, standardCost: '7.50', price: { GBP: '26.00', EUR: '29.90', USD: '34.00' }, baseDailyUnits: 1.1, summerBoost: 0, line: 'BOTTLING-2', batchSize: 240 },
    { sku: 'SEN-GIFT-3X5', name: 'Sentia Gin Discovery Set 3×5cl', category: 'Gift set', sizeMl: 150, abv: '40.0', unitsPerCase: 12, standardCost: '6.80', price: { GBP: '19.00', EUR: '22.00', USD: '25.00' }, baseDailyUnits: 1.4, summerBoost: -0.2, line: 'BOTTLING-2', batchSize: 300 },
    { sku: 'SEN-ZERO-70', name: 'Sentia Zero Botanical Spirit 70cl (0.0%)', category: 'No-alcohol', sizeMl: 700, abv: '0.0', unitsPerCase: 6, standardCost: '6.20', price: { GBP: '25.00', EUR: '28.90', USD: '32.00' }, baseDailyUnits: 9, summerBoost: 0.05, line: 'BOTTLING-1', batchSize: 300 },
  ],

  /** SKUs launched inside the history: demand ramps from zero over `rampDays` after launch. */
  launches: [{ sku: 'SEN-ZERO-70', offsetDays: 170, rampDays: 60 }],
  /** Launch date of every other SKU (before the history starts). */
  establishedLaunchDate: '2021-09-01',

  /** Gift sets sell mostly in the run-up to Christmas: extra multiplier on the yearly curve in Nov–Dec. */
  giftSkus: { skus: ['SEN-GIFT-3X5'], novemberBoost: 3, decemberBoost: 7 },

  /** Share of all demand by channel, and the ship-to region mix of each channel (cross-border is small). */
  channelShare: { AMAZON_UK: 0.34, SHOPIFY_UK: 0.22, AMAZON_US: 0.18, AMAZON_EU: 0.16, SHOPIFY_US: 0.1 } satisfies Record<Channel, number>,
  shipToMix: {
    AMAZON_UK: { UK: 0.972, EU: 0.023, US: 0.005 },
    AMAZON_EU: { EU: 0.955, UK: 0.037, US: 0.008 },
    AMAZON_US: { US: 0.988, UK: 0.008, EU: 0.004 },
    SHOPIFY_UK: { UK: 0.86, EU: 0.11, US: 0.03 },
    SHOPIFY_US: { US: 0.94, UK: 0.035, EU: 0.025 },
  } satisfies Record<Channel, Record<Region, number>>,
  /**
   * Floor on expected units per day for every SKU × region × channel cell once the SKU is on sale:
   * even the thinnest cross-border cell sells a bottle every few weeks (an intermittent series).
   */
  minCellDailyUnits: 0.05,
  /** Channel-specific SKU appeal (1 = average); < 1 makes a SKU × channel cell sparse. */
  skuChannelAppeal: {
    'SEN-NAVY-70': { AMAZON_US: 0.35, SHOPIFY_US: 0.5 },
    'SEN-AMARO-50': { AMAZON_US: 0.3, SHOPIFY_US: 0.3, AMAZON_EU: 1.6 },
    'SEN-GIFT-3X5': { AMAZON_EU: 0.4 },
    'SEN-GIN-20': { SHOPIFY_US: 0.5 },
  } as Partial<Record<string, Partial<Record<Channel, number>>>>,

  /** Order shape: how many lines, how many bottles per line. */
  linesPerOrder: [{ value: 1, p: 0.72 }, { value: 2, p: 0.21 }, { value: 3, p: 0.07 }],
  unitsPerLine: [{ value: 1, p: 0.78 }, { value: 2, p: 0.17 }, { value: 3, p: 0.04 }, { value: 6, p: 0.01 }],

  /** Log-linear growth per year, and the weekly profile (Monday first). */
  annualGrowth: 0.18,
  weekly: [0.9, 0.88, 0.94, 1.0, 1.1, 1.18, 1.0],
  /** Yearly profile by month (January first), interpolated between mid-months; Q4 is the peak. */
  monthly: [0.74, 0.78, 0.88, 0.93, 1.0, 1.06, 1.04, 0.98, 0.93, 1.04, 1.42, 1.88],
  /** One-day effects: multiplier on demand, optionally limited to a platform. */
  specialDays: [
    { name: 'Black Friday', rule: 'black-friday', factor: 2.3 },
    { name: 'Cyber Monday', rule: 'cyber-monday', factor: 1.7 },
    { name: "Father's Day (UK)", rule: 'fathers-day', factor: 1.35 },
    { name: 'Christmas Day', rule: 'dec-25', factor: 0.3 },
    { name: 'Boxing Day', rule: 'dec-26', factor: 0.55 },
  ],

  /** Recurring promotions (month-day ranges, inclusive): a discount on price and an uplift on demand. */
  promotions: [
    { code: 'PRIMEDAY', name: 'Amazon Prime Day', platform: 'AMAZON', skus: 'ALL', from: '07-09', to: '07-10', discount: 0.2, uplift: 2.4 },
    { code: 'PRIMEBIG', name: 'Prime Big Deal Days', platform: 'AMAZON', skus: 'ALL', from: '10-08', to: '10-09', discount: 0.15, uplift: 1.8 },
    { code: 'SPRINGPINK', name: 'Spring pink gin offer', platform: 'SHOPIFY', skus: ['SEN-PINK-70'], from: '04-14', to: '04-27', discount: 0.2, uplift: 2.0 },
    { code: 'SUMMERGT', name: 'Summer G&T', platform: 'SHOPIFY', skus: ['SEN-GIN-70', 'SEN-GIN-20'], from: '06-01', to: '06-14', discount: 0.15, uplift: 1.6 },
    { code: 'DRYJAN', name: 'Dry January', platform: 'ALL', skus: ['SEN-ZERO-70'], from: '01-01', to: '01-31', discount: 0.1, uplift: 2.2 },
    { code: 'BFWEEK', name: 'Black Friday week', platform: 'SHOPIFY', skus: 'ALL', from: '11-24', to: '11-30', discount: 0.25, uplift: 1.5 },
  ] as ReadonlyArray<{ code: string; name: string; platform: 'AMAZON' | 'SHOPIFY' | 'ALL'; skus: 'ALL' | readonly string[]; from: string; to: string; discount: number; uplift: number }>,

  /** A one-off price rise on every SKU, `offsetDays` before the end date. */
  priceRise: { offsetDays: 300, increase: 0.06 },

  /** Stock-out episodes: no sales of the SKU on those channels for `days` days from `offsetDays` before the end. */
  stockOuts: [
    { sku: 'SEN-PINK-70', channels: ['AMAZON_UK'], offsetDays: 330, days: 19, cause: 'FBA inbound shipment delayed' },
    { sku: 'SEN-GIN-70', channels: ['AMAZON_US'], offsetDays: 120, days: 11, cause: 'Sea freight to the US 3PL delayed' },
    { sku: 'SEN-NAVY-70', channels: ['AMAZON_UK', 'AMAZON_EU', 'SHOPIFY_UK'], offsetDays: 455, days: 16, cause: 'Glass shortage at supplier' },
    { sku: 'SEN-RUM-70', channels: ['SHOPIFY_US', 'AMAZON_US'], offsetDays: 40, days: 8, cause: 'Label reprint after compliance change' },
  ] as ReadonlyArray<{ sku: string; channels: readonly Channel[]; offsetDays: number; days: number; cause: string }>,

  /** Order economics. Prices are net of sales tax; `taxRate` applies on top by ship-to region. */
  taxRate: { UK: 0.2, EU: 0.21, US: 0 } satisfies Record<Region, number>,
  /** Amazon: referral fee (channel fee rate) plus an FBA fulfilment fee per unit. Shopify: card rate plus a fixed fee. */
  fbaFeePerUnit: { GBP: '2.85', EUR: '3.20', USD: '3.70' } satisfies Record<Currency, string>,
  shopifyFixedFee: { GBP: '0.25', EUR: '0.25', USD: '0.30' } satisfies Record<Currency, string>,
  /** Shopify shipping charged to the customer: domestic below the free threshold, cross-border always. */
  shopifyShipping: { domestic: { GBP: '4.95', USD: '6.95', EUR: '5.95' }, crossBorder: { GBP: '14.95', USD: '19.95', EUR: '16.95' }, freeOver: { GBP: '60', USD: '75', EUR: '70' } },
  cancellationRate: 0.01,
  /** Refunds: share of orders, and the share of those that are partial (one bottle, e.g. broken in transit). */
  refundRate: { AMAZON: 0.028, SHOPIFY: 0.014 },
  partialRefundShare: 0.55,
  refundReasons: ['Damaged in transit', 'Not as described', 'Arrived late', 'Changed mind', 'Wrong item sent'],

  /** Wholesale customers order through the Shopify B2B store and are invoiced on terms. */
  wholesaleCustomers: [
    { code: 'WS-HARVEY', name: 'Harvey & Finch Wine Merchants', region: 'UK' as Region, channel: 'SHOPIFY_UK' as Channel, termsDays: 30, everyDays: 14, meanCases: 8, discount: 0.35, payDelayMeanDays: 1, payDelaySdDays: 3 },
    { code: 'WS-COPPER', name: 'The Copper Still Bar Group', region: 'UK' as Region, channel: 'SHOPIFY_UK' as Channel, termsDays: 30, everyDays: 10, meanCases: 6, discount: 0.38, payDelayMeanDays: 26, payDelaySdDays: 12 },
    { code: 'WS-BOTTEGA', name: 'Bottega Distribuzione Srl', region: 'EU' as Region, channel: 'SHOPIFY_UK' as Channel, termsDays: 60, everyDays: 21, meanCases: 14, discount: 0.4, payDelayMeanDays: 9, payDelaySdDays: 8 },
    { code: 'WS-LONEPINE', name: 'Lone Pine Imports LLC', region: 'US' as Region, channel: 'SHOPIFY_US' as Channel, termsDays: 45, everyDays: 18, meanCases: 12, discount: 0.4, payDelayMeanDays: 18, payDelaySdDays: 10 },
  ],
  /** Marketplace settlement cadence: Amazon every 14 days (paid 3 days later); Shopify payouts every 3 days (2-day lag). */
  settlement: { AMAZON: { everyDays: 14, lagDays: 3 }, SHOPIFY: { everyDays: 3, lagDays: 2 } },

  /** FX: units of GBP per 1 EUR / 1 USD at the start, a mean-reverting random walk with daily volatility. */
  fx: { EUR: { start: 0.855, mean: 0.86, dailyVol: 0.0032, reversion: 0.01 }, USD: { start: 0.79, mean: 0.785, dailyVol: 0.0045, reversion: 0.01 } },

  /** Stock locations and how finished goods flow: production lands in UK-MAIN, transfers move it on. */
  warehouses: [
    { code: 'UK-MAIN', name: 'Sentia distillery warehouse, Bristol', kind: 'OWN', region: 'UK' as Region, channel: null, currency: 'GBP' as Currency, sourcedFrom: null, transitDays: 0 },
    { code: 'FBA-UK', name: 'Amazon FBA UK', kind: 'FBA', region: 'UK' as Region, channel: 'AMAZON_UK' as Channel, currency: 'GBP' as Currency, sourcedFrom: 'UK-MAIN', transitDays: 3 },
    { code: 'FBA-EU', name: 'Amazon FBA EU (Pan-European)', kind: 'FBA', region: 'EU' as Region, channel: 'AMAZON_EU' as Channel, currency: 'EUR' as Currency, sourcedFrom: 'UK-MAIN', transitDays: 8 },
    { code: 'US-3PL', name: 'Keystone Logistics 3PL, New Jersey', kind: '3PL', region: 'US' as Region, channel: null, currency: 'USD' as Currency, sourcedFrom: 'UK-MAIN', transitDays: 30 },
    { code: 'FBA-US', name: 'Amazon FBA US', kind: 'FBA', region: 'US' as Region, channel: 'AMAZON_US' as Channel, currency: 'USD' as Currency, sourcedFrom: 'US-3PL', transitDays: 6 },
  ],
  /** Which warehouse ships each channel's orders. */
  fulfilment: { AMAZON_UK: 'FBA-UK', AMAZON_EU: 'FBA-EU', AMAZON_US: 'FBA-US', SHOPIFY_UK: 'UK-MAIN', SHOPIFY_US: 'US-3PL' } satisfies Record<Channel, string>,
  /** Replenishment: each Monday top each downstream warehouse up to `coverDays` of its coming demand. */
  replenishment: { coverDays: 28, usCoverDays: 60 },

  /** Work centres and equipment. Rates are ideal units (litres for spirit, bottles for lines) per hour. */
  workCentres: [
    { code: 'DISTILL', name: 'Distillation (copper pot still)', kind: 'DISTILLATION', ratePerHour: '180', unit: 'litre', changeoverMinutes: 60, equipment: [{ code: 'STILL-01', name: '1,000 L copper pot still "Ada"', rate: '180' }] },
    { code: 'BLEND', name: 'Blending and reduction', kind: 'BLENDING', ratePerHour: '900', unit: 'litre', changeoverMinutes: 30, equipment: [{ code: 'TANK-01', name: 'Blending tank 5,000 L', rate: '900' }] },
    { code: 'BOTTLING-1', name: 'Bottling line 1 (70cl)', kind: 'BOTTLING', ratePerHour: '1800', unit: 'bottle', changeoverMinutes: 40, equipment: [{ code: 'FILL-01', name: 'Filler L1', rate: '1800' }, { code: 'CAP-01', name: 'Corker L1', rate: '2000' }] },
    { code: 'BOTTLING-2', name: 'Bottling line 2 (small formats)', kind: 'BOTTLING', ratePerHour: '1200', unit: 'bottle', changeoverMinutes: 40, equipment: [{ code: 'FILL-02', name: 'Filler L2', rate: '1200' }, { code: 'CAP-02', name: 'Capper L2', rate: '1400' }] },
    { code: 'PACK', name: 'Labelling and packing', kind: 'PACKING', ratePerHour: '1600', unit: 'bottle', changeoverMinutes: 15, equipment: [{ code: 'LAB-01', name: 'Labeller', rate: '1800' }, { code: 'CASE-01', name: 'Case packer', rate: '1600' }] },
  ],
  /**
   * Routing of every SKU: blend and reduce the spirit to bottling strength (BLEND, litres an hour turned into
   * bottles of the SKU's size), rest it, bottle on the SKU's line, then move it to labelling and packing.
   */
  routing: {
    blend: { operation: 'Blend and reduce', setupMinutes: 30 },
    bottle: { operation: 'Fill and close', setupMinutes: 0, transferMinutes: 240 },
    pack: { operation: 'Label and pack', setupMinutes: 10, transferMinutes: 30 },
  },
  /** Open order book at the cutoff: weeks of expected demand planned ahead, and rush wholesale orders (sku, units, due in days, priority). */
  orderBook: { weeks: 4, maxBatchesPerSku: 4, rush: [['SEN-GIN-70', 2700, 1, 1], ['SEN-RUM-70', 1500, 3, 2], ['SEN-GIN-20', 1500, 4, 2]] as ReadonlyArray<readonly [string, number, number, number]> },
  /** Shifts (UTC hours): bottling runs two shifts on weekdays; the other centres one. */
  shifts: {
    twoShift: [{ name: 'EARLY', start: 6, end: 14, crew: 4 }, { name: 'LATE', start: 14, end: 22, crew: 4 }],
    oneShift: [{ name: 'DAY', start: 7, end: 15, crew: 2 }],
    twoShiftCentres: ['BOTTLING-1', 'BOTTLING-2'],
  },
  /** Line performance: share of ideal rate achieved, scrap and rework as shares of output. */
  linePerformance: { speedMean: 0.86, speedSd: 0.05, scrapMean: 0.011, scrapSd: 0.005, reworkMean: 0.006, reworkSd: 0.003 },
  downtime: {
    planned: [
      { reason: 'CIP_CLEAN', minutes: 60, rule: 'monday-early' },
      { reason: 'CHANGEOVER', minutes: 40, rule: 'per-order' },
      { reason: 'PREVENTIVE_MAINTENANCE', minutes: 240, rule: 'first-friday' },
    ],
    /** Unplanned stops: expected count per shift and lognormal duration (median minutes, log-sd). */
    unplannedPerShift: 0.3,
    unplannedMedianMinutes: 22,
    unplannedLogSd: 0.8,
    unplannedReasons: [
      { reason: 'LABELLER_JAM', weight: 0.3 },
      { reason: 'FILLER_FAULT', weight: 0.2 },
      { reason: 'CAPPER_FAULT', weight: 0.15 },
      { reason: 'MATERIAL_SHORTAGE', weight: 0.12 },
      { reason: 'CONVEYOR_STOP', weight: 0.13 },
      { reason: 'POWER_DIP', weight: 0.05 },
      { reason: 'QUALITY_HOLD', weight: 0.05 },
    ],
    /** Non-bottling centres: unplanned stops per working day. */
    otherCentresPerDay: 0.08,
  },
  quality: { checks: ['FILL_LEVEL', 'ABV', 'SEAL_AND_LABEL'], firstPassFailRate: 0.035, inspectors: ['J. Okafor', 'P. Lindqvist', 'R. Shah'] },

  /** Raw and packaging materials (standard cost in the given currency). */
  materials: [
    { code: 'NEUTRAL-SPIRIT', name: 'Neutral grain spirit 96%', category: 'SPIRIT', unit: 'litre', cost: '1.95', currency: 'GBP' as Currency },
    { code: 'RUM-BASE', name: 'Caribbean rum base 70%', category: 'SPIRIT', unit: 'litre', cost: '4.10', currency: 'GBP' as Currency },
    { code: 'JUNIPER', name: 'Juniper berries', category: 'BOTANICAL', unit: 'kg', cost: '7.80', currency: 'EUR' as Currency },
    { code: 'CORIANDER', name: 'Coriander seed', category: 'BOTANICAL', unit: 'kg', cost: '4.20', currency: 'EUR' as Currency },
    { code: 'CITRUS-PEEL', name: 'Dried citrus peel (orange, lemon, grapefruit)', category: 'BOTANICAL', unit: 'kg', cost: '9.50', currency: 'EUR' as Currency },
    { code: 'SPICE-MIX', name: 'Rum spice blend (vanilla, cassia, clove)', category: 'BOTANICAL', unit: 'kg', cost: '24.00', currency: 'EUR' as Currency },
    { code: 'BOTTLE-70', name: 'Flint glass bottle 70cl', category: 'GLASS', unit: 'each', cost: '0.82', currency: 'GBP' as Currency },
    { code: 'BOTTLE-50', name: 'Flint glass bottle 50cl', category: 'GLASS', unit: 'each', cost: '0.74', currency: 'GBP' as Currency },
    { code: 'BOTTLE-20', name: 'Flint glass flask 20cl', category: 'GLASS', unit: 'each', cost: '0.41', currency: 'EUR' as Currency },
    { code: 'MINI-5', name: 'Miniature bottle 5cl', category: 'GLASS', unit: 'each', cost: '0.19', currency: 'EUR' as Currency },
    { code: 'CORK-T', name: 'T-top natural cork stopper', category: 'CLOSURE', unit: 'each', cost: '0.31', currency: 'EUR' as Currency },
    { code: 'SCREWCAP', name: 'Aluminium screw cap', category: 'CLOSURE', unit: 'each', cost: '0.06', currency: 'EUR' as Currency },
    { code: 'LABEL-SET', name: 'Front, back and neck label set', category: 'LABEL', unit: 'each', cost: '0.14', currency: 'GBP' as Currency },
    { code: 'CARTON-6', name: 'Shipping carton, 6 bottles', category: 'CARTON', unit: 'each', cost: '0.95', currency: 'GBP' as Currency },
    { code: 'CARTON-12', name: 'Shipping carton, 12 small bottles', category: 'CARTON', unit: 'each', cost: '0.88', currency: 'GBP' as Currency },
    { code: 'GIFT-BOX', name: 'Printed gift box', category: 'CARTON', unit: 'each', cost: '1.35', currency: 'GBP' as Currency },
  ],
  /** Bill of materials per SKU: [material, quantity per unit, scrap allowance]. */
  bom: {
    'SEN-GIN-70': [['NEUTRAL-SPIRIT', '0.3026', '0.02'], ['JUNIPER', '0.0120', '0.03'], ['CORIANDER', '0.0040', '0.03'], ['CITRUS-PEEL', '0.0020', '0.03'], ['BOTTLE-70', '1', '0.01'], ['CORK-T', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
    'SEN-GIN-20': [['NEUTRAL-SPIRIT', '0.0865', '0.02'], ['JUNIPER', '0.0034', '0.03'], ['CORIANDER', '0.0012', '0.03'], ['CITRUS-PEEL', '0.0006', '0.03'], ['BOTTLE-20', '1', '0.01'], ['SCREWCAP', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-12', '0.083333', '0']],
    'SEN-PINK-70': [['NEUTRAL-SPIRIT', '0.2734', '0.02'], ['JUNIPER', '0.0100', '0.03'], ['CITRUS-PEEL', '0.0060', '0.03'], ['BOTTLE-70', '1', '0.01'], ['CORK-T', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
    'SEN-NAVY-70': [['NEUTRAL-SPIRIT', '0.4156', '0.02'], ['JUNIPER', '0.0160', '0.03'], ['CORIANDER', '0.0050', '0.03'], ['CITRUS-PEEL', '0.0020', '0.03'], ['BOTTLE-70', '1', '0.01'], ['CORK-T', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
    'SEN-VOD-70': [['NEUTRAL-SPIRIT', '0.2917', '0.02'], ['BOTTLE-70', '1', '0.01'], ['SCREWCAP', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
    'SEN-RUM-70': [['RUM-BASE', '0.4000', '0.02'], ['SPICE-MIX', '0.0030', '0.03'], ['BOTTLE-70', '1', '0.01'], ['CORK-T', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
    'SEN-AMARO-50': [['NEUTRAL-SPIRIT', '0.1458', '0.02'], ['CITRUS-PEEL', '0.0080', '0.03'], ['SPICE-MIX', '0.0020', '0.03'], ['BOTTLE-50', '1', '0.01'], ['CORK-T', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
    'SEN-GIFT-3X5': [['NEUTRAL-SPIRIT', '0.0625', '0.02'], ['JUNIPER', '0.0026', '0.03'], ['CITRUS-PEEL', '0.0010', '0.03'], ['MINI-5', '3', '0.01'], ['SCREWCAP', '3', '0.01'], ['LABEL-SET', '1', '0.02'], ['GIFT-BOX', '1', '0.01'], ['CARTON-12', '0.083333', '0']],
    'SEN-ZERO-70': [['JUNIPER', '0.0080', '0.03'], ['CITRUS-PEEL', '0.0050', '0.03'], ['BOTTLE-70', '1', '0.01'], ['SCREWCAP', '1', '0.01'], ['LABEL-SET', '1', '0.02'], ['CARTON-6', '0.166667', '0']],
  } as Record<string, ReadonlyArray<readonly [string, string, string]>>,

  /**
   * Suppliers: lead time mean ± sd (days), on-time behaviour, payment terms, and what they sell
   * (material, MOQ, order multiple). `payDelayMeanDays` is how late (negative: early) Sentia pays them.
   */
  suppliers: [
    { code: 'SUP-GRAIN', name: 'Albion Grain Spirits Ltd', category: 'SPIRIT', country: 'GB', currency: 'GBP' as Currency, termsDays: 30, leadTimeDays: 10, leadTimeSdDays: 2, payDelayMeanDays: 0, items: [['NEUTRAL-SPIRIT', '2000', '500'], ['RUM-BASE', '1000', '250']] },
    { code: 'SUP-BOTANIC', name: 'Botanica Naturwaren GmbH', category: 'BOTANICAL', country: 'DE', currency: 'EUR' as Currency, termsDays: 45, leadTimeDays: 21, leadTimeSdDays: 6, payDelayMeanDays: 2, items: [['JUNIPER', '250', '25'], ['CORIANDER', '100', '25'], ['CITRUS-PEEL', '100', '25'], ['SPICE-MIX', '25', '5']] },
    { code: 'SUP-GLASS-UK', name: 'Severn Glassworks plc', category: 'GLASS', country: 'GB', currency: 'GBP' as Currency, termsDays: 60, leadTimeDays: 42, leadTimeSdDays: 11, payDelayMeanDays: 4, items: [['BOTTLE-70', '7200', '1200'], ['BOTTLE-50', '2400', '1200']] },
    { code: 'SUP-GLASS-EU', name: 'Vidrios del Norte SA', category: 'GLASS', country: 'ES', currency: 'EUR' as Currency, termsDays: 60, leadTimeDays: 56, leadTimeSdDays: 15, payDelayMeanDays: 0, items: [['BOTTLE-20', '4000', '1000'], ['MINI-5', '6000', '1500']] },
    { code: 'SUP-CLOSURE', name: 'Corticeira Atlântica Lda', category: 'CLOSURE', country: 'PT', currency: 'EUR' as Currency, termsDays: 45, leadTimeDays: 35, leadTimeSdDays: 9, payDelayMeanDays: 1, items: [['CORK-T', '5000', '1000'], ['SCREWCAP', '5000', '2500']] },
    { code: 'SUP-LABEL', name: 'Mercia Label & Print Ltd', category: 'LABEL', country: 'GB', currency: 'GBP' as Currency, termsDays: 30, leadTimeDays: 10, leadTimeSdDays: 3, payDelayMeanDays: -2, items: [['LABEL-SET', '5000', '1000']] },
    { code: 'SUP-CARTON', name: 'Westfield Packaging Ltd', category: 'CARTON', country: 'GB', currency: 'GBP' as Currency, termsDays: 30, leadTimeDays: 14, leadTimeSdDays: 4, payDelayMeanDays: 3, items: [['CARTON-6', '2000', '250'], ['CARTON-12', '1000', '250'], ['GIFT-BOX', '1000', '500']] },
  ] as ReadonlyArray<{ code: string; name: string; category: string; country: string; currency: Currency; termsDays: number; leadTimeDays: number; leadTimeSdDays: number; payDelayMeanDays: number; items: ReadonlyArray<readonly [string, string, string]> }>,
  /** Materials are reordered when cover falls below lead time + `safetyDays`, for `orderCoverDays` of use. */
  purchasing: { safetyDays: 14, orderCoverDays: 35, receiveShortShare: 0.05, cancelShare: 0.02 },
  /** Monthly overhead bills from service suppliers (amount in the supplier's currency, paid on terms). */
  overheads: [
    { code: 'SUP-FREIGHT', name: 'Atlantic Freight Forwarding Ltd', category: 'FREIGHT', country: 'GB', currency: 'GBP' as Currency, termsDays: 30, monthly: '6500', payDelayMeanDays: 2 },
    { code: 'SUP-ENERGY', name: 'Severn Energy Business', category: 'UTILITIES', country: 'GB', currency: 'GBP' as Currency, termsDays: 14, monthly: '3200', payDelayMeanDays: 0 },
    { code: 'SUP-3PL-US', name: 'Keystone Logistics LLC', category: 'WAREHOUSING', country: 'US', currency: 'USD' as Currency, termsDays: 30, monthly: '3800', payDelayMeanDays: 5 },
    { code: 'SUP-MEDIA', name: 'Brightline Performance Media Ltd', category: 'MARKETING', country: 'GB', currency: 'GBP' as Currency, termsDays: 14, monthly: '11500', payDelayMeanDays: 1 },
  ],

  /** Cash: opening balances, payroll (GBP, monthly on the 28th), and sweeping foreign balances to GBP. */
  cash: {
    opening: { GBP: '380000', EUR: '45000', USD: '60000' } satisfies Record<Currency, string>,
    monthlyPayroll: '38000',
    /** Foreign balances above this are converted to GBP every Friday, keeping this much. */
    sweepAbove: { EUR: '60000', USD: '80000' },
    keep: { EUR: '30000', USD: '40000' },
  },
} as const;

export type DemoParameters = typeof demoParameters;
