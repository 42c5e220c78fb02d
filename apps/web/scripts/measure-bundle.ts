/**
 * Gzip-sizes what the browser downloads before first render (the entry script, its modulepreloads
 * and the stylesheet, read from dist/index.html) and checks the initial JS against the 300 KB budget.
 * Also reports what the dashboard route adds, from Vite's manifest.
 *
 * Usage: npm run -w @sentia/web build && npx tsx apps/web/scripts/measure-bundle.ts [--budget-kb 300]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const budgetArg = process.argv.indexOf('--budget-kb');
const budgetKb = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 300;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

function gzipKb(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(join(dist, file));
  return { raw: bytes.length / 1024, gzip: gzipSync(bytes, { level: 9 }).length / 1024 };
}

function fmt(kb: number): string {
  return `${kb.toFixed(1).padStart(8)} KB`;
}

if (!existsSync(join(dist, 'index.html'))) {
  console.error('apps/web/dist/index.html is missing: run `npm run -w @sentia/web build` first.');
  process.exit(2);
}
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g)].map((m) => m[1] as string);
const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1] as string);
const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map((m) => m[1] as string);
const initialJs = [...new Set([...scripts, ...preloads])];

console.log('Initial load (from dist/index.html)');
let jsGzip = 0;
let jsRaw = 0;
for (const file of initialJs) {
  const size = gzipKb(file);
  jsGzip += size.gzip;
  jsRaw += size.raw;
  console.log(`  ${file.padEnd(44)} ${fmt(size.raw)} raw ${fmt(size.gzip)} gzip`);
}
let cssGzip = 0;
for (const file of styles) {
  const size = gzipKb(file);
  cssGzip += size.gzip;
  console.log(`  ${file.padEnd(44)} ${fmt(size.raw)} raw ${fmt(size.gzip)} gzip`);
}
console.log(`  initial JS total${' '.repeat(29)}${fmt(jsRaw)} raw ${fmt(jsGzip)} gzip (budget ${budgetKb} KB)`);
console.log(`  initial CSS total${' '.repeat(28)}${' '.repeat(15)}${fmt(cssGzip)} gzip`);

const manifestPath = join(dist, '.vite', 'manifest.json');
if (existsSync(manifestPath)) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const staticClosure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) staticClosure(dep, seen);
    return seen;
  };
  const initialFiles = new Set(initialJs);
  console.log('\nLoaded on demand (beyond the initial load)');
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isEntry || !chunk.file.endsWith('.js') || initialFiles.has(chunk.file)) continue;
    const isDynamicTarget = Object.values(manifest).some((c) => c.dynamicImports?.includes(key));
    if (!isDynamicTarget) continue;
    const extra = [...staticClosure(key)].map((k) => manifest[k]?.file).filter((f): f is string => f !== undefined && !initialFiles.has(f));
    const gzip = extra.reduce((sum, f) => sum + gzipKb(f).gzip, 0);
    console.log(`  ${key.padEnd(58)} +${fmt(gzip)} gzip (${extra.length} file${extra.length === 1 ? '' : 's'})`);
  }
}

if (jsGzip > budgetKb) {
  console.error(`\nInitial JS is ${jsGzip.toFixed(1)} KB gzipped, over the ${budgetKb} KB budget.`);
  process.exit(1);
}
console.log(`\nOK: initial JS ${jsGzip.toFixed(1)} KB gzipped ≤ ${budgetKb} KB.`);
