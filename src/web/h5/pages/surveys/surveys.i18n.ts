import i18next from 'i18next';

/**
 * Strings of the 会员评家 pages on the H5 (issue #9), under `surveys`; loaded with their lazy chunk.
 * Purpose labels repeat src/shared/surveys.ts on purpose: importing it would bring zod into the H5.
 */
const zh = {
  title: '问卷评价',
  intro: '会员评家、评议代表：您的每一份评价，都是工会改进工作的依据。',
  empty: '目前没有邀请您填写的问卷',
  emptyHint: '工会发布问卷后会出现在这里，也可以扫工会提供的二维码作答。',
  fill: '去填写',
  continue: '继续评价',
  done: '已完成',
  missed: '已结束',
  upcoming: '未开始',
  opensAt: '{{time}} 开始作答',
  closesAt: '截止 {{time}}',
  progress: '已评 {{answered}} / {{total}}',
  purpose: {
    union: '会员评家',
    representatives: '会员评议代表',
    union_rates_reps: '工会评价代表',
  },
  anonymous: '匿名作答',
  named: '实名作答',
  required: '必答',
  optional: '选答',
  ratingPicked: '{{n}} 分',
  rateAria: '{{n}} 分（满分 {{max}}）',
  maxChoices: '最多选 {{n}} 项',
  multipleHint: '可多选',
  textPlaceholder: '请写下您的意见和建议',
  counter: '{{n}} / {{max}}',
  submit: '提交评价',
  submitRep: '提交对{{name}}的评价',
  submitting: '正在提交…',
  problem: {
    required: '请回答第 {{n}} 题：{{title}}',
    tooMany: '第 {{n}} 题最多选 {{max}} 项',
    tooLong: '第 {{n}} 题最多 {{max}} 字',
    several: '还有 {{count}} 题需要填写或修改：第 {{list}} 题',
    listSep: '、',
  },
  failed: '提交没有成功',
  repsIntro: '请逐一评价本单位的会员代表，每位代表单独提交。',
  repN: '第 {{n}} / {{total}} 位',
  repDone: '已评价',
  repTodo: '待评价',
  repRate: '评价',
  repSubmitted: '已提交对{{name}}的评价，还有 {{count}} 位代表待评价',
  thanksTitle: '感谢您的评价',
  thanksText: '您的意见已经送达工会，我们会认真研究、改进工作。',
  completedTitle: '您已完成本问卷',
  completedText: '每份问卷只能提交一次，感谢您的参与。',
  blockedTitle: '无法作答',
  back: '返回问卷列表',
  toServices: '返回服务',
  notFound: '问卷不存在或已下线',
};

type Strings = typeof zh;

const en: Strings = {
  title: 'Surveys',
  intro: 'Rate your union and your representatives: every answer helps the union do better.',
  empty: 'No surveys for you right now',
  emptyHint:
    'Surveys published by your union appear here; you can also scan the QR code the union gives you.',
  fill: 'Answer',
  continue: 'Continue',
  done: 'Done',
  missed: 'Closed',
  upcoming: 'Not open yet',
  opensAt: 'Opens {{time}}',
  closesAt: 'Closes {{time}}',
  progress: 'Rated {{answered}} / {{total}}',
  purpose: {
    union: 'Rate the union',
    representatives: 'Rate representatives',
    union_rates_reps: 'Union rates representatives',
  },
  anonymous: 'Anonymous',
  named: 'Named',
  required: 'Required',
  optional: 'Optional',
  ratingPicked: '{{n}} points',
  rateAria: '{{n}} of {{max}}',
  maxChoices: 'Choose up to {{n}}',
  multipleHint: 'Choose any',
  textPlaceholder: 'Your comments and suggestions',
  counter: '{{n}} / {{max}}',
  submit: 'Submit',
  submitRep: 'Submit rating of {{name}}',
  submitting: 'Submitting…',
  problem: {
    required: 'Please answer question {{n}}: {{title}}',
    tooMany: 'Question {{n}}: choose at most {{max}}',
    tooLong: 'Question {{n}}: at most {{max}} characters',
    several: '{{count}} questions still need an answer or a change: {{list}}',
    listSep: ', ',
  },
  failed: 'Could not submit',
  repsIntro: 'Please rate each representative of your unit; each rating is submitted on its own.',
  repN: '{{n}} of {{total}}',
  repDone: 'Rated',
  repTodo: 'To rate',
  repRate: 'Rate',
  repSubmitted: 'Rating of {{name}} submitted; {{count}} more to rate',
  thanksTitle: 'Thank you for your feedback',
  thanksText: 'Your answers reached the union; they help us do better.',
  completedTitle: 'You have completed this survey',
  completedText: 'Each survey can be answered once. Thank you for taking part.',
  blockedTitle: 'You cannot answer this survey',
  back: 'Back to surveys',
  toServices: 'Back to services',
  notFound: 'This survey does not exist or is no longer available',
};

export function registerSurveyStrings(): void {
  const strings = { 'zh-CN': zh, 'en-US': en } as const;
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', { surveys: strings[lng] }, true, false);
  }
}
