import type { PurchaseOrderDto } from '@sentia/contracts/purchasing';

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  // Quote anything with a separator, quote or line break; a leading = + - @ is prefixed so spreadsheets don't run it.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The order as CSV: a header block (one field per row) then the lines. */
export function renderPurchaseOrderCsv(po: PurchaseOrderDto): string {
  const rows: (string | number | null)[][] = [
    ['po_number', po.poNumber],
    ['supplier', `${po.supplierCode} ${po.supplierName}`],
    ['status', po.status],
    ['ordered_at', po.orderedAt],
    ['expected_date', po.expectedDate],
    ['payment_terms_days', po.paymentTermsDays],
    ['deliver_to', po.deliveryWarehouseCode],
    ['currency', po.currency],
    ['total', po.total],
    [],
    ['line', 'material_code', 'material', 'unit', 'quantity', 'quantity_received', 'unit_price', 'line_total', 'expected_date'],
    ...po.lines.map((l) => [l.lineNumber, l.materialCode, l.materialName, l.unit, l.quantity, l.quantityReceived, l.unitPrice, l.lineTotal, l.expectedDate]),
  ];
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Latin-1 text for a WinAnsi-encoded standard font; characters outside it become '?'. */
function pdfString(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 63;
    const c = ch === '\u2212' || ch === '\u2013' ? '-' : code > 255 ? '?' : ch;
    out += c === '(' || c === ')' || c === '\\' ? `\\${c}` : c;
  }
  return `(${out})`;
}

/**
 * A one-or-more-page PDF 1.4 of the order, written by hand: Helvetica (a standard font, nothing embedded), text only,
 * with a correct cross-reference table so any reader opens it. Small on purpose; no dependency needed.
 */
export function renderPurchaseOrderPdf(po: PurchaseOrderDto): Buffer {
  const lines: { text: string; size: number; bold?: boolean; mono?: boolean }[] = [
    { text: `Purchase order ${po.poNumber}`, size: 18, bold: true },
    { text: 'Sentia Spirits Ltd', size: 11 },
    { text: '', size: 8 },
    { text: `Supplier: ${po.supplierName} (${po.supplierCode})`, size: 11 },
    { text: `Status: ${po.status.replace('_', ' ')}    Ordered: ${po.orderedAt.slice(0, 10)}    Expected: ${po.expectedDate}`, size: 11 },
    { text: `Deliver to: ${po.deliveryWarehouseCode ?? '-'}    Payment terms: ${po.paymentTermsDays} days`, size: 11 },
    { text: '', size: 8 },
    { text: 'Line  Material                                   Quantity        Unit price      Line total', size: 10, bold: true, mono: true },
    ...po.lines.map((l) => ({
      text: `${String(l.lineNumber).padEnd(5)} ${`${l.materialCode} ${l.materialName}`.slice(0, 40).padEnd(40)} ${`${l.quantity} ${l.unit}`.padStart(14)} ${l.unitPrice.padStart(14)} ${l.lineTotal.padStart(14)}`,
      size: 9,
      mono: true,
    })),
    { text: '', size: 8 },
    { text: `Total: ${po.total} ${po.currency}`, size: 12, bold: true },
  ];
  if (po.rejectedReason) lines.push({ text: `Rejected: ${po.rejectedReason}`, size: 10 });
  // Lines are laid out on A4 pages, top to bottom; the monospaced table uses Courier so columns line up.
  const pages: string[] = [];
  let content = '';
  let y = 800;
  for (const l of lines) {
    if (y < 60) {
      pages.push(content);
      content = '';
      y = 800;
    }
    const font = l.mono ? (l.bold ? 'F4' : 'F3') : l.bold ? 'F2' : 'F1';
    if (l.text) content += `BT /${font} ${l.size} Tf 50 ${y} Td ${pdfString(l.text)} Tj ET\n`;
    y -= l.size + 8;
  }
  pages.push(content);

  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pagesObj = add('');
  const fonts = ['Helvetica', 'Helvetica-Bold', 'Courier', 'Courier-Bold'].map((name) => add(`<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`));
  const pageIds: number[] = [];
  for (const c of pages) {
    const stream = Buffer.from(c, 'latin1');
    const contentId = add(`<< /Length ${stream.length} >>\nstream\n${c}endstream`);
    pageIds.push(
      add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${fonts[0]} 0 R /F2 ${fonts[1]} 0 R /F3 ${fonts[2]} 0 R /F4 ${fonts[3]} 0 R >> >> /Contents ${contentId} 0 R >>`),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const info = add(`<< /Title ${pdfString(`Purchase order ${po.poNumber}`)} /Producer (Sentia Manufacturing Dashboard) >>`);

  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
