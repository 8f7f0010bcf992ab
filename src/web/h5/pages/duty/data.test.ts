import { describe, expect, it } from 'vitest';
import { formatPoints, formatScore, radarPoints, recordTone, ringPath } from './data.ts';

describe('我的履职 helpers', () => {
  it('puts each indicator on its axis at its share of the cap, the first straight up', () => {
    const pts = radarPoints(
      [
        { name: '出席会议', points: 10, cap: 20 },
        { name: '提交提案', points: 20, cap: 20 },
        { name: '联名附议', points: 0, cap: 10 },
        { name: '调研走访', points: 30, cap: 20 },
      ],
      100,
      150,
    );
    expect(pts.map((p) => p.share)).toEqual([0.5, 1, 0, 1]);
    expect(pts.map((p) => [p.x, p.y])).toEqual([
      [150, 100],
      [250, 150],
      [150, 150],
      [50, 150],
    ]);
    expect([pts[0]?.axisX, pts[0]?.axisY]).toEqual([150, 50]);
  });

  it('draws a ring at a level of the radius', () => {
    expect(ringPath(4, 100, 150, 0.5)).toBe('150,100 200,150 150,200 100,150');
  });

  it('signs points and drops trailing zeros', () => {
    expect(formatPoints(5)).toBe('+5');
    expect(formatPoints(-5)).toBe('−5');
    expect(formatPoints(0)).toBe('0');
    expect(formatPoints(9.375)).toBe('+9.38');
    expect(formatScore(63.5)).toBe('63.5');
    expect(formatScore(40)).toBe('40');
  });

  it('tones the state chips', () => {
    expect(recordTone('pending')).toBe('is-pending');
    expect(recordTone('counted')).toBe('is-done');
    expect(recordTone('approved')).toBe('is-done');
    expect(recordTone('rejected')).toBe('is-off');
  });
});
