import { importEntityCodes, importFieldDefinitions, type ImportEntity, type ImportReport } from '@sentia/contracts/imports';
import { CheckCircle2, Download, FileUp, RefreshCw, Upload } from 'lucide-react';
import { useId, useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { formatCount } from '@/lib/format.ts';
import { useCommitImport } from '../api/commit-import.ts';
import { useDownloadImportErrors } from '../api/download-import-errors.ts';
import { usePreviewImport } from '../api/preview-import.ts';

const entityLabels: Record<ImportEntity, { label: string; one: string; hint: string }> = {
  orders: { label: 'Sales orders', one: 'sales order', hint: 'One row per order line; lines of one order share the order id.' },
  'inventory-counts': { label: 'Stock counts', one: 'stock count', hint: 'Counted quantity per SKU and warehouse; the difference is booked as an adjustment.' },
  products: { label: 'Products', one: 'product', hint: 'New SKUs are added, known SKUs updated.' },
  suppliers: { label: 'Suppliers', one: 'supplier', hint: 'New supplier codes are added, known ones updated.' },
  'purchase-orders': { label: 'Purchase orders', one: 'purchase order', hint: 'One row per PO line; creates new purchase orders only.' },
};

const selectClass = 'h-10 w-full rounded-md border border-input bg-card px-3 text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-ring';

const recordsLabel = (entity: ImportEntity, n: number) => `${formatCount(n)} ${n === 1 ? entityLabels[entity].one : entityLabels[entity].label.toLowerCase()}`;

/** Import page (data:import): pick what to import, upload, check the mapping and the errors, then import it all at once. */
export function ImportPage() {
  const ids = { entity: useId(), file: useId() };
  const [entity, setEntity] = useState<ImportEntity>('orders');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const preview = usePreviewImport();
  const commit = useCommitImport();
  const download = useDownloadImportErrors();
  const report = preview.data;
  const committed = commit.data;

  const reset = () => {
    preview.reset();
    commit.reset();
    download.reset();
  };
  const check = (nextMapping = mapping) => {
    if (!file) return;
    commit.reset();
    preview.mutate({ entity, file, mapping: nextMapping });
  };

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Import data</h1>
        <p className="text-sm text-muted-foreground">CSV (UTF-8) or Excel .xlsx. Nothing is written until you import, and an import is all rows or none.</p>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>1. Choose the file</CardTitle>
          <CardDescription>{entityLabels[entity].hint}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-[14rem_1fr_auto] md:items-end">
          <div className="flex flex-col gap-1.5">
            <label htmlFor={ids.entity} className="text-sm font-medium">
              What are you importing?
            </label>
            <select
              id={ids.entity}
              className={selectClass}
              value={entity}
              onChange={(e) => {
                setEntity(e.target.value as ImportEntity);
                setMapping({});
                reset();
              }}
            >
              {importEntityCodes.map((code) => (
                <option key={code} value={code}>
                  {entityLabels[code].label}
                </option>
              ))}
            </select>
          </div>
          <div className="flex min-w-0 flex-col gap-1.5">
            <label htmlFor={ids.file} className="text-sm font-medium">
              File
            </label>
            <input
              id={ids.file}
              type="file"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="block w-full min-w-0 text-sm file:mr-3 file:h-10 file:rounded-md file:border file:border-input file:bg-muted file:px-3 file:text-sm file:font-medium"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setMapping({});
                reset();
              }}
            />
          </div>
          <Button disabled={!file || preview.isPending} onClick={() => check()}>
            <FileUp /> {preview.isPending ? 'Checking…' : 'Check file'}
          </Button>
        </CardContent>
      </Card>

      {preview.error ? <ErrorState title="The file could not be checked" error={preview.error} /> : null}

      {report && file ? (
        <>
          <ReportSummary report={report} />
          <MappingCard
            report={report}
            onChange={(field, header) => {
              const next = { ...mapping, [field]: header };
              setMapping(next);
              check(next);
            }}
          />
          {report.errorCount > 0 ? (
            <Card>
              <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
                <div>
                  <CardTitle>2. Fix these errors</CardTitle>
                  <CardDescription>
                    {report.errorCount > report.errors.length ? `The first ${report.errors.length} of ${formatCount(report.errorCount)} errors; the report lists all of them.` : 'Fix the file and check it again.'}
                  </CardDescription>
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button variant="outline" disabled={download.isPending} onClick={() => download.mutate({ entity, file, mapping })}>
                    <Download /> Download error report
                  </Button>
                  <Button variant="outline" onClick={() => check()}>
                    <RefreshCw /> Check again
                  </Button>
                </div>
              </CardHeader>
              <CardContent className="overflow-x-auto">
                <Table aria-label="Errors">
                  <TableHeader>
                    <TableRow>
                      <TableHead className="w-16">Row</TableHead>
                      <TableHead>Column</TableHead>
                      <TableHead>Value</TableHead>
                      <TableHead>Problem</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {report.errors.map((e, i) => (
                      <TableRow key={`${e.row}-${e.column}-${i}`}>
                        <TableCell className="tabular-nums">{e.row || '–'}</TableCell>
                        <TableCell>{e.column}</TableCell>
                        <TableCell className="max-w-48 truncate font-mono text-xs" title={e.value}>
                          {e.value}
                        </TableCell>
                        <TableCell>{e.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {download.error ? <ErrorState title="The report could not be downloaded" error={download.error} className="mt-3" /> : null}
              </CardContent>
            </Card>
          ) : null}
          <SampleCard report={report} />
          {committed ? (
            <Card role="status" className="border-emerald-300 bg-emerald-50">
              <CardHeader>
                <CardTitle className="flex items-center gap-2 text-emerald-900">
                  <CheckCircle2 className="size-5" /> Imported {recordsLabel(entity, committed.recordCount)}
                </CardTitle>
                <CardDescription className="text-emerald-900">
                  {formatCount(committed.inserted)} new, {formatCount(committed.updated)} updated, {formatCount(committed.unchanged)} unchanged
                  {committed.skipped > 0 ? `, ${formatCount(committed.skipped)} skipped (the source system has a newer version)` : ''}. The dashboards update now.
                </CardDescription>
              </CardHeader>
            </Card>
          ) : (
            <div className="flex flex-wrap items-center gap-3">
              <Button size="lg" disabled={report.errorCount > 0 || report.recordCount === 0 || commit.isPending} onClick={() => commit.mutate({ entity, file, mapping })}>
                <Upload /> {commit.isPending ? 'Importing…' : `Import ${recordsLabel(entity, report.recordCount)}`}
              </Button>
              {report.errorCount > 0 ? <span className="text-sm text-muted-foreground">Fix every error first: an import is all rows or none.</span> : null}
            </div>
          )}
          {commit.error ? <ErrorState title="Nothing was imported" error={commit.error} /> : null}
        </>
      ) : null}
    </div>
  );
}

function ReportSummary({ report }: { report: ImportReport }) {
  const items = [
    { label: 'Rows', value: report.rowCount },
    { label: 'Valid rows', value: report.validRowCount },
    { label: 'Rows with errors', value: report.invalidRowCount },
    { label: 'Records', value: report.recordCount },
  ];
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Preview counts">
      {items.map((item) => (
        <Card key={item.label}>
          <CardHeader className="pb-3">
            <CardDescription>{item.label}</CardDescription>
            <CardTitle className="text-2xl tabular-nums" data-testid={`count-${item.label.toLowerCase().replaceAll(' ', '-')}`}>
              {formatCount(item.value)}
            </CardTitle>
          </CardHeader>
        </Card>
      ))}
    </div>
  );
}

function MappingCard({ report, onChange }: { report: ImportReport; onChange: (field: string, header: string | null) => void }) {
  const fields = importFieldDefinitions[report.entity];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Column mapping</CardTitle>
        <CardDescription>
          {report.fileName} · {report.format.toUpperCase()} · matched automatically; change a column to re-check.
          {report.unmappedHeaders.length > 0 ? ` Not used: ${report.unmappedHeaders.join(', ')}.` : ''}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map((f) => {
          const current = report.mapping[f.field] ?? null;
          return (
            <label key={f.field} className="flex flex-col gap-1 text-sm">
              <span className="flex items-center gap-2 font-medium">
                {f.label}
                {f.required ? <Badge variant="outline">required</Badge> : null}
                {f.required && !current ? <Badge className="border-red-300 bg-red-50 text-red-900">missing</Badge> : null}
              </span>
              <select className={selectClass} value={current ?? ''} aria-label={`Column for ${f.label}`} onChange={(e) => onChange(f.field, e.target.value === '' ? null : e.target.value)}>
                <option value="">— not in the file —</option>
                {report.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
              {f.hint ? <span className="text-xs text-muted-foreground">{f.hint}</span> : null}
            </label>
          );
        })}
      </CardContent>
    </Card>
  );
}

function SampleCard({ report }: { report: ImportReport }) {
  if (report.sample.length === 0) return null;
  const fields = importFieldDefinitions[report.entity].filter((f) => report.mapping[f.field]);
  return (
    <Card>
      <CardHeader>
        <CardTitle>First valid rows</CardTitle>
        <CardDescription>As they will be read through the mapping.</CardDescription>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <Table aria-label="Sample rows">
          <TableHeader>
            <TableRow>
              {fields.map((f) => (
                <TableHead key={f.field}>{f.label}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.sample.map((row, i) => (
              <TableRow key={i}>
                {fields.map((f) => (
                  <TableCell key={f.field} className="whitespace-nowrap">
                    {row[f.field]}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
