/** Strings of the orgs page, under the `orgs` key. */
export const orgStrings = {
  'zh-CN': { orgs: {} },
  'en-US': { orgs: {} },
};
