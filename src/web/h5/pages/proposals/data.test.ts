import { describe, expect, it } from 'vitest';
import type { TCongress } from '../../../../shared/proposals.ts';
import {
  appealPhotos,
  appealTone,
  attachmentProblem,
  cosignProgress,
  photoProblem,
  pickCongress,
  proposalAttachments,
  proposalTone,
} from './data.ts';

const congress = (id: number, orgId: number, state: 'active' | 'closed' = 'active') =>
  ({ id, org: { id: orgId, name: `org ${orgId}` }, state }) as TCongress;

describe('云履职 H5 helpers', () => {
  it("picks the congress of the member's nearest union, an active one before a closed one", () => {
    const city = congress(1, 2);
    const town = congress(2, 5);
    expect(pickCongress([city, town], '1.2.5.9')?.id).toBe(2);
    expect(pickCongress([town, city], '1.2.5.9')?.id).toBe(2);
    expect(pickCongress([city, congress(3, 5, 'closed')], '1.2.5.9')?.id).toBe(1);
    expect(pickCongress([congress(3, 5, 'closed')], '1.2.5.9')?.id).toBe(3);
    expect(pickCongress([], '1.2')).toBeNull();
    expect(pickCongress(undefined, '1.2')).toBeNull();
  });

  it('counts only signed co-signers against the threshold', () => {
    const c = (state: 'invited' | 'signed' | 'declined' | 'withdrawn') => ({
      representativeId: 1,
      name: '代表',
      org: '工会',
      state,
      signedAt: null,
    });
    expect(
      cosignProgress({ cosignThreshold: 2, cosigners: [c('signed'), c('invited'), c('withdrawn')] }),
    ).toEqual({
      signed: 1,
      threshold: 2,
      enough: false,
    });
    expect(
      cosignProgress({ cosignThreshold: 2, cosigners: [c('signed'), c('signed'), c('declined')] }).enough,
    ).toBe(true);
  });

  it('gives finished, stopped and waiting states their own tones', () => {
    expect(proposalTone('closed')).toBe('is-done');
    expect(proposalTone('withdrawn')).toBe('is-off');
    expect(proposalTone('draft')).toBe('is-pending');
    expect(proposalTone('handling')).toBe('is-active');
    expect(appealTone('open')).toBe('is-pending');
    expect(appealTone('merged')).toBe('is-off');
    expect(appealTone('closed')).toBe('is-done');
  });

  it('lets JPG, PNG and WebP photos up to 10 MB through, and shows the appeal’s own images only', () => {
    expect(photoProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(photoProblem({ type: 'image/webp', size: 10 * 1024 * 1024 })).toBeNull();
    expect(photoProblem({ type: 'image/gif', size: 1000 })).toBe('photoWrongType');
    expect(photoProblem({ type: 'application/pdf', size: 1000 })).toBe('photoWrongType');
    expect(photoProblem({ type: 'image/jpeg', size: 10 * 1024 * 1024 + 1 })).toBe('photoTooLarge');
    const files = [
      { id: 'a', mime: 'image/png', originalName: 'a.png' },
      { id: 'b', mime: 'application/pdf', originalName: 'b.pdf' },
      { id: 'c', mime: 'image/jpeg', originalName: 'reply.jpg' },
    ];
    expect(appealPhotos(files, ['c']).map((f) => f.id)).toEqual(['a']);
  });

  it('takes images, PDF, .docx and .xlsx up to 10 MB as a proposal attachment (by type or by name)', () => {
    const file = (name: string, type: string, size = 1000) => ({ name, type, size });
    expect(attachmentProblem(file('现场.png', 'image/png'))).toBeNull();
    expect(attachmentProblem(file('报告.pdf', 'application/pdf'))).toBeNull();
    // A phone may give a Word or Excel file no type at all: its name decides here, the bytes on the server.
    expect(attachmentProblem(file('调研.docx', ''))).toBeNull();
    expect(attachmentProblem(file('名单.XLSX', ''))).toBeNull();
    expect(attachmentProblem(file('旧表.xls', 'application/vnd.ms-excel'))).toBe('fileWrongType');
    expect(attachmentProblem(file('说明.txt', 'text/plain'))).toBe('fileWrongType');
    expect(attachmentProblem(file('动图.gif', 'image/gif'))).toBe('fileWrongType');
    expect(attachmentProblem(file('大.pdf', 'application/pdf', 10 * 1024 * 1024 + 1))).toBe('fileTooLarge');
  });

  it("keeps a proposal's own attachments, not the files of its progress updates and replies", () => {
    const files = ['a', 'b', 'c', 'd'].map((id) => ({ id, mime: 'image/png', originalName: `${id}.png` }));
    const updates = [{ fileIds: ['b'] }, { fileIds: ['d', 'x'] }];
    expect(proposalAttachments(files, updates).map((f) => f.id)).toEqual(['a', 'c']);
    expect(proposalAttachments(files, [])).toHaveLength(4);
  });
});
