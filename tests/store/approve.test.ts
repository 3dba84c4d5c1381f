import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { addPair, getPair } from '../../src/store/pairs.js';
import { approveUnits } from '../../src/store/approve.js';

const unit = (segment: number, source: string, target: string) => ({ segment, line: segment + 1, source, target });

describe('approveUnits', () => {
  it('adds new pairs, counts unchanged stored pairs as uses, skips empty and copied segments', () => {
    const { db, close } = openStore(':memory:', { create: true });
    try {
      const stored = addPair(db, { kind: 'segment', source: 'Beeld EPA', target: 'Photo EPA', by: 'desk' });
      addPair(db, { kind: 'segment', source: 'Het regent.', target: 'It rains.', by: 'desk' });
      addPair(db, { kind: 'segment', source: 'Hij lacht.', target: 'He is laughing', status: 'forbidden', by: 'desk' });
      const report = approveUnits(
        db,
        [
          unit(1, 'Beeld EPA', 'Photo EPA'),
          unit(2, 'Het regent.', 'It is raining.'),
          unit(3, 'Nieuw.', ''),
          unit(4, 'https://t.co/x', 'https://t.co/x'),
          unit(5, 'Beeld  EPA', 'Photo EPA'),
          unit(6, 'Hij lacht.', 'He is laughing'),
          unit(7, '', 'An English line without Dutch.'),
        ],
        { by: 'ana', ref: 'nos-1', tags: ['syria'] },
      );
      expect(report).toEqual({
        added: 1,
        status: 'approved',
        uses: 1,
        repetitions: 1,
        empty: 1,
        copied: 1,
        alternatives: [{ segment: 2, id: 4, others: 1 }],
        skipped: [
          { segment: 6, line: 7, reason: expect.stringMatching(/stored as a forbidden rendering \(#3\)/) },
          { segment: 7, line: 8, reason: 'the Dutch text is empty' },
        ],
      });
      expect(getPair(db, stored.id).usageCount).toBe(1);
      expect(getPair(db, 4)).toMatchObject({ source: 'Het regent.', target: 'It is raining.', approvedBy: 'ana', ref: 'nos-1', tags: ['syria'] });
    } finally {
      close();
    }
  });
});
