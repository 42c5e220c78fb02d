/**
 * Verifies the audit hash chain of the configured database (DATABASE_URL, or the PGlite data directory) and prints
 * the report as JSON. Exit code 0: intact; 1: broken (the report names the first broken entry); 2: could not run.
 *
 *   npx tsx apps/server/src/cli/verify-audit-chain.ts
 */
import { createDb } from '@sentia/db/create-db';
import { loadConfig } from '../config.ts';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await verifyAuditChain(db.db);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.intact && report.firstBroken) {
      process.stderr.write(`audit chain BROKEN at entry ${report.firstBroken.seq ?? '(unchained)'} (${report.firstBroken.reason}): ${report.firstBroken.detail}\n`);
    } else {
      process.stderr.write(`audit chain intact: ${report.checked} entries, head ${report.lastHash}\n`);
    }
    return report.intact ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify-audit-chain: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
