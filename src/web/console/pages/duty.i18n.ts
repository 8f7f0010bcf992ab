import i18next from 'i18next';

/** Menu entries of 履职评价 and 会员评家 (issue #9). Each page registers its own strings in its own file. */
const shellStrings = {
  'zh-CN': {
    menu: {
      duty: '履职评价',
      dutyLeaderboard: '积分排行',
      dutyRecords: '履职记录',
      dutySessions: '会议签到',
      dutyScheme: '评价方案与归档',
      surveys: '会员评家',
      surveyList: '问卷评价',
    },
  },
  'en-US': {
    menu: {
      duty: 'Duty scoring',
      dutyLeaderboard: 'Leaderboard',
      dutyRecords: 'Duty records',
      dutySessions: 'Sessions & check-in',
      dutyScheme: 'Scheme & archive',
      surveys: 'Member ratings',
      surveyList: 'Surveys',
    },
  },
};

let shellRegistered = false;
/** The menu strings, registered by the console shell. */
export function registerDutyShellStrings(): void {
  if (shellRegistered) return;
  shellRegistered = true;
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', shellStrings[lng], true, false);
  }
}
