/** Strings of the users page, under the `users` key. */
export const userStrings = {
  'zh-CN': { users: {} },
  'en-US': { users: {} },
};
