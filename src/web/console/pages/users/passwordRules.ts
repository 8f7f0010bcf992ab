import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { passwordProblem } from '../../../shared/passwords.ts';

/** The password policy as form rules (≥ 8 characters, two kinds of letters, digits, symbols). */
export function passwordRules(t: TFunction, field: string): FormRule[] {
  return [
    { required: true, message: t('msg.required', { field }) },
    {
      validator: async (_, v: string | undefined) => {
        const problem = v ? passwordProblem(t, v) : null;
        if (problem) throw new Error(problem);
      },
    },
  ];
}

/** "Same as the password field" for a confirmation input. */
export function confirmRules(t: TFunction, field: string, passwordField: string): FormRule[] {
  return [
    { required: true, message: t('msg.required', { field }) },
    ({ getFieldValue }) => ({
      validator: async (_, v: string | undefined) => {
        if (v && v !== getFieldValue(passwordField)) throw new Error(t('msg.passwordMismatch'));
      },
    }),
  ];
}
