import { createDb } from '@sentia/db/create-db';
import { migrateDb } from '@sentia/db/migrate-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { seedDemoWorld } from '@sentia/db/demo/seed-demo-world';
import { sql } from 'drizzle-orm';
const db = await createDb({ dataDir: '/tmp/prod-demo-db' });
await migrateDb(db);
await seedReferenceData(db);
const r = await seedDemoWorld(db, {});
if (r.created) await db.db.execute(sql`analyze`);
for (const q of process.argv.slice(2)) {
  const res = (await db.db.execute(sql.raw(q))) as unknown as { rows: unknown[] };
  console.table(res.rows);
}
await db.close();
