import { describe, expect, it } from 'vitest';
import { attachmentMediaType, contentProblem, nameProblem, unsupportedType } from '../../src/domain/attachments.js';
import type { Role } from '../../src/domain/roles.js';
import { CASE_MACHINE } from '../../src/domain/workflows/evidence-case.js';
import { eventsAllowed, transition } from '../../src/domain/workflows/machine.js';

const as = (...roles: Role[]) => ({ roles });

describe('attachments to a case (R4.3: notes and attachments)', () => {
  it('leadership adds and removes them while the case is open, and not once it is closed', () => {
    for (const event of ['add_attachment', 'remove_attachment'] as const) {
      expect(transition(CASE_MACHINE, 'open', event, as('vice_principal'))).toEqual({ ok: true, to: 'open' });
      expect(transition(CASE_MACHINE, 'open', event, as('principal'))).toEqual({ ok: true, to: 'open' });
      const closed = transition(CASE_MACHINE, 'closed', event, as('principal'));
      expect(closed.ok).toBe(false);
      if (!closed.ok) expect(closed.problem.code).toBe('workflow.wrongState');
      const guard = transition(CASE_MACHINE, 'open', event, as('guard'));
      expect(guard.ok).toBe(false);
      if (!guard.ok) expect(guard.problem.code).toBe('workflow.notAllowed');
    }
    expect(eventsAllowed(CASE_MACHINE, 'open', as('principal'))).toEqual(expect.arrayContaining(['add_attachment', 'remove_attachment']));
    expect(eventsAllowed(CASE_MACHINE, 'closed', as('principal'))).toEqual(['reopen']);
  });

  it('takes PDF, JPEG, PNG, DOCX, DOC and TXT by their media type, parameters aside', () => {
    expect(attachmentMediaType('application/pdf')).toBe('application/pdf');
    expect(attachmentMediaType('Text/Plain; charset=utf-8')).toBe('text/plain');
    expect(attachmentMediaType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).not.toBeNull();
    expect(attachmentMediaType('application/msword')).toBe('application/msword');
    for (const refused of ['application/x-msdownload', 'application/octet-stream', 'video/mp4', 'text/html', 'image/svg+xml', '', undefined, 'constructor', 'toString']) {
      expect(attachmentMediaType(refused)).toBeNull();
    }
    expect(unsupportedType('application/x-msdownload').vi).toContain('“application/x-msdownload”');
    expect(unsupportedType(undefined).en).toContain('Only PDF');
  });

  it('wants a name that ends as its type does', () => {
    expect(nameProblem('Tường trình.pdf', 'application/pdf')).toBeNull();
    expect(nameProblem('ANH.JPEG', 'image/jpeg')).toBeNull();
    expect(nameProblem('anh.jpg', 'image/jpeg')).toBeNull();
    expect(nameProblem('don.docx', 'application/msword')?.vi).toContain('.doc');
    expect(nameProblem('virus.exe', 'application/pdf')?.vi).toContain('phải kết thúc bằng .pdf');
    expect(nameProblem('khong-duoi', 'text/plain')).not.toBeNull();
  });

  it('looks at the first bytes: a program renamed to .pdf is refused', () => {
    const pdf = Buffer.from('%PDF-1.7\n');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    const docx = Buffer.from('PK\x03\x04rest', 'latin1');
    const doc = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    const exe = Buffer.from('MZ\x90\x00', 'latin1');
    expect(contentProblem('application/pdf', pdf)).toBeNull();
    expect(contentProblem('image/png', png)).toBeNull();
    expect(contentProblem('image/jpeg', jpeg)).toBeNull();
    expect(contentProblem('application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx)).toBeNull();
    expect(contentProblem('application/msword', doc)).toBeNull();
    for (const type of ['application/pdf', 'image/png', 'image/jpeg', 'application/msword'] as const) expect(contentProblem(type, exe)).not.toBeNull();
    expect(contentProblem('image/png', jpeg)?.vi).toContain('không phải PNG');
  });

  it('takes UTF-8 text (a character cut at the end of the first bytes too), not binary', () => {
    const text = Buffer.from('Biên bản làm việc với phụ huynh em Nguyễn Văn A, lớp 3A.');
    expect(contentProblem('text/plain', text)).toBeNull();
    expect(contentProblem('text/plain', text.subarray(0, 3))).toBeNull(); // "Bi" and half of "ê"
    expect(contentProblem('text/plain', Buffer.from('MZ\x90\x00\x00', 'latin1'))).not.toBeNull();
    expect(contentProblem('text/plain', Buffer.from([0x41, 0xff, 0xfe, 0x41]))).not.toBeNull();
  });
});
