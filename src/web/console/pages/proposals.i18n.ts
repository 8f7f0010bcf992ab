import i18next from 'i18next';

/** Menu entries of 云履职 and 职工事大家议 (issue #8). Each page registers its own strings in its own file. */
const shellStrings = {
  'zh-CN': {
    menu: {
      proposals: '云履职',
      proposalList: '提案建议',
      proposalHandling: '承办提案',
      appeals: '职工事大家议',
      appealComments: '评论审核',
      referrals: '转治理平台',
      referralsAssigned: '工会交办事项',
      superviseBoard: '督办看板',
      congresses: '代表大会与代表',
      proposalStats: '云履职统计',
    },
  },
  'en-US': {
    menu: {
      proposals: 'Representatives',
      proposalList: 'Proposals',
      proposalHandling: 'Proposals to handle',
      appeals: 'Workers’ appeals',
      appealComments: 'Comment moderation',
      referrals: 'Referrals',
      referralsAssigned: 'Referred to us',
      superviseBoard: 'Supervision board',
      congresses: 'Congresses',
      proposalStats: 'Proposal statistics',
    },
  },
};

let shellRegistered = false;
/** The menu strings, registered by the console shell. */
export function registerProposalShellStrings(): void {
  if (shellRegistered) return;
  shellRegistered = true;
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', shellStrings[lng], true, false);
  }
}
