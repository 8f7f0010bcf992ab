import i18next from 'i18next';

/** Menu entries of 及时送 (issue #7). Each page registers its own strings in its own file. */
const shellStrings = {
  'zh-CN': {
    menu: {
      errands: '及时送',
      errandList: '工单',
      errandIntake: '接听登记',
      errandOverdue: '超时看板',
      errandRoster: '值班与电话',
      errandComplaints: '投诉',
      errandStats: '及时送统计',
    },
  },
  'en-US': {
    menu: {
      errands: 'Urgent errands',
      errandList: 'Errands',
      errandIntake: 'Take a call',
      errandOverdue: 'Overdue board',
      errandRoster: 'Duty roster',
      errandComplaints: 'Complaints',
      errandStats: 'Errand statistics',
    },
  },
};

let shellRegistered = false;
/** The menu strings, registered by the console shell. */
export function registerErrandShellStrings(): void {
  if (shellRegistered) return;
  shellRegistered = true;
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', shellStrings[lng], true, false);
  }
}
