/** Strings of the audit page, under the `audit` key. */
export const auditStrings = {
  'zh-CN': { audit: {} },
  'en-US': { audit: {} },
};
