import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb } from '@sentia/db/create-db';
import { migrateDb } from '@sentia/db/migrate-db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../modules/audit/record-audit.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./verify-audit-chain.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sentia-audit-cli-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

const verify = async () => {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(tsx, [cli], { env });
    return { code: 0, report: JSON.parse(stdout), stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, report: e.stdout ? JSON.parse(e.stdout) : null, stderr: e.stderr };
  }
};

describe('verify-audit-chain CLI', () => {
  it('when the chain is intact, then exit 0 and a JSON report; after a direct edit, then exit 1 naming the entry', async () => {
    const db = await createDb({ dataDir });
    await migrateDb(db);
    for (let i = 1; i <= 3; i += 1) await recordAudit(db.db, { actor: 'cli@test', action: 'thing.update', entityType: 'thing', entityId: String(i), after: { i } });
    await db.close();

    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.report).toMatchObject({ intact: true, checked: 3, lastSeq: 3 });
    expect(ok.stderr).toMatch(/audit chain intact: 3 entries/);

    const db2 = await createDb({ dataDir });
    await db2.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_logs set entity_id = '99' where seq = 2`);
    });
    await db2.close();

    const bad = await verify();
    expect(bad.code).toBe(1);
    expect(bad.report.firstBroken).toMatchObject({ seq: 2, reason: 'hash-mismatch' });
    expect(bad.stderr).toMatch(/BROKEN at entry 2 \(hash-mismatch\)/);
  }, 60_000);
});
