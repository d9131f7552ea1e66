import type { Selectable } from 'kysely';
import type { AttachmentMediaType } from '../../domain/attachments.js';
import type { Db } from '../db/connect.js';
import type { CaseAttachmentTable } from '../db/schema.js';
import type { Trx } from './segments.js';

export interface AttachmentRecord {
  id: number;
  caseId: number;
  /** As the person who added it named it: shown, and its name in the evidence package. */
  fileName: string;
  mediaType: AttachmentMediaType;
  /** Relative to the evidence folder. */
  path: string;
  bytes: number;
  sha256: string;
  note: string | null;
  addedBy: string;
  addedAtMs: number;
}

/** R4.3: the files a case holds beside its clips (table case_attachments, migration 0008). */
export class CaseAttachmentRepository {
  constructor(private readonly db: Db) {}

  async of(caseId: number, trx: Trx | Db = this.db): Promise<AttachmentRecord[]> {
    return (await trx.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).orderBy('id').execute()).map(toAttachment);
  }

  async get(caseId: number, id: number, trx: Trx | Db = this.db): Promise<AttachmentRecord | undefined> {
    const r = await trx.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
    return r ? toAttachment(r) : undefined;
  }

  async byName(caseId: number, fileName: string, trx: Trx | Db = this.db): Promise<AttachmentRecord | undefined> {
    const r = await trx.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).where('file_name', '=', fileName).executeTakeFirst();
    return r ? toAttachment(r) : undefined;
  }

  async add(trx: Trx, a: Omit<AttachmentRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('case_attachments').values({
      case_id: a.caseId, file_name: a.fileName, media_type: a.mediaType, path: a.path, bytes: a.bytes, sha256: a.sha256, note: a.note,
      added_by: a.addedBy, added_at: a.addedAtMs,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async remove(trx: Trx, caseId: number, id: number): Promise<boolean> {
    const r = await trx.deleteFrom('case_attachments').where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

function toAttachment(r: Selectable<CaseAttachmentTable>): AttachmentRecord {
  return {
    id: r.id, caseId: r.case_id, fileName: r.file_name, mediaType: r.media_type as AttachmentMediaType, path: r.path, bytes: Number(r.bytes),
    sha256: r.sha256, note: r.note, addedBy: r.added_by, addedAtMs: Number(r.added_at),
  };
}
