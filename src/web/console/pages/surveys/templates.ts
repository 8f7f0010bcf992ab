/**
 * The questionnaire templates of the 问卷评价 form, one per survey purpose (seed 004's 会员评家 and
 * 双向评价). Plain data on the shared contract, so the server's schema can check them in tests.
 */
import type { SurveyPurpose, TSurveyQuestion } from '../../../../shared/surveys.ts';

/** 非常满意 / 满意 / 基本满意 / 不满意 — the first three count as satisfied. */
export const satisfactionOptions = () => [
  { id: 'o1', label: '非常满意', satisfied: true },
  { id: 'o2', label: '满意', satisfied: true },
  { id: 'o3', label: '基本满意', satisfied: true },
  { id: 'o4', label: '不满意', satisfied: false },
];

const rating = (
  id: string,
  title: string,
  lowLabel = '很不满意',
  highLabel = '非常满意',
): TSurveyQuestion => ({
  id,
  title,
  type: 'rating',
  required: true,
  scale: 5,
  lowLabel,
  highLabel,
  satisfiedFrom: 4,
  countsForSatisfaction: true,
});

export interface SurveyTemplate {
  /** The purpose the template is written for; applying it selects that purpose. */
  purpose: SurveyPurpose;
  title: string;
  intro: string;
  /** Named or anonymous: applying it sets the switch. */
  anonymous: boolean;
  questions: TSurveyQuestion[];
}

/** 会员评家: members rate their union home. */
export const unionTemplate = (): SurveyTemplate => ({
  purpose: 'union',
  anonymous: true,
  title: '会员评家满意度测评',
  intro: '请您对本会一年来的工作作出评价，问卷匿名填写，约需 2 分钟。您的意见是我们改进工作的依据。',
  questions: [
    {
      id: 'q1',
      title: '您对本会工作的总体评价',
      type: 'single',
      required: true,
      options: satisfactionOptions(),
      countsForSatisfaction: true,
    },
    rating('q2', '维权服务（劳动争议调解、法律援助等）'),
    rating('q3', '困难帮扶（困难职工帮扶、送温暖等）'),
    rating('q4', '文体活动（文化体育、技能竞赛等）'),
    rating('q5', '职工之家建设（活动阵地、会员服务等）'),
    {
      id: 'q6',
      title: '您希望本会在哪些方面改进？',
      type: 'multiple',
      required: false,
      options: [
        { id: 'o1', label: '维权服务', satisfied: false },
        { id: 'o2', label: '困难帮扶', satisfied: false },
        { id: 'o3', label: '文体活动', satisfied: false },
        { id: 'o4', label: '职工之家建设', satisfied: false },
        { id: 'o5', label: '技能培训', satisfied: false },
        { id: 'o6', label: '信息公开', satisfied: false },
      ],
      maxChoices: 3,
    },
    { id: 'q7', title: '您对本会工作的意见和建议', type: 'text', required: false, maxLength: 300 },
  ],
});

/** 会员评议代表: members rate the representative(s) of their unit. */
export const repTemplate = (): SurveyTemplate => ({
  purpose: 'representatives',
  anonymous: true,
  title: '会员评议代表',
  intro: '请您对本单位的会员代表一年来的履职情况作出评价，问卷匿名填写。评议结果计入代表履职评价。',
  questions: [
    {
      id: 'q1',
      title: '您对这位代表履职的总体评价',
      type: 'single',
      required: true,
      options: satisfactionOptions(),
      countsForSatisfaction: true,
    },
    rating('q2', '联系职工、倾听意见'),
    rating('q3', '反映职工诉求'),
    rating('q4', '提案建议的质量'),
    rating('q5', '参加会议和活动'),
    { id: 'q6', title: '您对这位代表的意见和建议', type: 'text', required: false, maxLength: 300 },
  ],
});

/** 称职 scale for the union's assessment of a representative: the first three count as satisfied. */
const competenceOptions = () => [
  { id: 'o1', label: '优秀', satisfied: true },
  { id: 'o2', label: '称职', satisfied: true },
  { id: 'o3', label: '基本称职', satisfied: true },
  { id: 'o4', label: '不称职', satisfied: false },
];

/**
 * 工会评价代表: the union's cadres assess each representative of the congress (seed 004's 双向评价:
 * the organisation's side). Named by default: an assessment by the organisation is signed.
 */
export const orgRatesRepsTemplate = (): SurveyTemplate => ({
  purpose: 'union_rates_reps',
  anonymous: false,
  title: '工会评价代表履职',
  intro: '请根据代表本届以来的履职记录和日常表现逐一作出评价。评价结果作为代表履职评价和评先评优的参考。',
  questions: [
    {
      id: 'q1',
      title: '对这位代表履职情况的总体评价',
      type: 'single',
      required: true,
      options: competenceOptions(),
      countsForSatisfaction: true,
    },
    rating('q2', '参加代表大会和代表活动', '很差', '很好'),
    rating('q3', '提案建议的数量和质量', '很差', '很好'),
    rating('q4', '联系职工、反映诉求', '很差', '很好'),
    rating('q5', '参与监督、推动落实', '很差', '很好'),
    { id: 'q6', title: '评价意见和改进建议', type: 'text', required: false, maxLength: 300 },
  ],
});

/** The templates the question editor offers, in button order. */
export const surveyTemplates = (): SurveyTemplate[] => [
  unionTemplate(),
  repTemplate(),
  orgRatesRepsTemplate(),
];
