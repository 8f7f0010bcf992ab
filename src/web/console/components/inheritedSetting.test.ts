import { describe, expect, it } from 'vitest';
import { settingSource } from './inheritedSetting.ts';

describe('settingSource', () => {
  it('says an org set its own value', () => {
    expect(settingSource({ orgId: 7, fromOrgId: 7 }, undefined)).toEqual({ kind: 'own' });
  });
  it('names the ancestor the value is inherited from', () => {
    expect(settingSource({ orgId: 7, fromOrgId: 3 }, '百色市总工会')).toEqual({
      kind: 'ancestor',
      name: '百色市总工会',
    });
  });
  it('shows the ancestor by id until its name is known', () => {
    expect(settingSource({ orgId: 7, fromOrgId: 3 }, undefined)).toEqual({ kind: 'ancestor', name: '#3' });
  });
  it('says the platform default applies when no org set one', () => {
    expect(settingSource({ orgId: 7, fromOrgId: null }, 'ignored')).toEqual({ kind: 'default' });
  });
});
