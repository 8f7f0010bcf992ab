import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dutyRecordStateLabels,
  dutyRecordStates,
  dutySourceLabels,
  dutySources,
} from '../../../../shared/duty.ts';
import { recordStateLabel, sourceLabel } from './duty-pages.i18n.ts';

describe('履职记录 labels by language', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'zh-CN', resources: {} });
  });
  afterAll(async () => {
    await i18next.changeLanguage('zh-CN');
  });

  it('are the shared Chinese labels in Chinese', () => {
    expect(dutyRecordStates.map(recordStateLabel)).toEqual(
      dutyRecordStates.map((s) => dutyRecordStateLabels[s]),
    );
    expect(dutySources.map(sourceLabel)).toEqual(dutySources.map((s) => dutySourceLabels[s]));
  });

  it('are English, one for every state and source, in English', async () => {
    await i18next.changeLanguage('en-US');
    for (const s of dutyRecordStates) expect(recordStateLabel(s)).toMatch(/^[A-Z][A-Za-z ’/,()-]+$/);
    for (const s of dutySources) expect(sourceLabel(s)).toMatch(/^[A-Z][A-Za-z ’/,()-]+$/);
    expect(recordStateLabel('pending')).toBe('To review');
    expect(new Set(dutySources.map(sourceLabel)).size).toBe(dutySources.length);
  });
});
