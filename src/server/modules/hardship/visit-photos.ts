import { eq } from 'drizzle-orm';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { hardshipArchives, hardshipVisits } from './hardship.table.ts';

/**
 * 入户核查照片: photos (and scans) are attached to one visit record through the platform files API
 * (`entityType=hardship.visit`, `entityId=<visit id>`). Access follows the visit's archive as it is
 * now, so a transferred archive takes its visit photos along; adding one needs the visit right, i.e.
 * only while the case is being verified.
 */
registerEntityKind({
  type: 'hardship.visit',
  label: '入户核查记录',
  viewAction: 'hardship.view',
  attachAction: 'hardship.visit',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select({
        orgId: hardshipArchives.orgId,
        orgPath: hardshipArchives.orgPath,
        state: hardshipArchives.state,
      })
      .from(hardshipVisits)
      .innerJoin(hardshipArchives, eq(hardshipArchives.id, hardshipVisits.archiveId))
      .where(eq(hardshipVisits.id, Number(id)));
    return row ?? null;
  },
});
