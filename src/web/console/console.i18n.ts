/**
 * Strings of the console shell. Pages with many strings keep theirs next to them
 * (`pages/*.i18n.ts`) and are merged here.
 */
const shell = {
  'zh-CN': {
    menu: {
      workbench: '首页',
      orgs: '组织架构',
      users: '用户管理',
      hardship: '困难帮扶',
      hardshipTransfers: '档案移交',
      hardshipStats: '帮扶统计',
      audit: '审计日志',
    },
    layout: {
      phoneOnly: {
        title: '您的账号请使用娘家手机端',
        text: '管理后台供工会干部、管理员和合作单位使用；职工、爱心人士和会员代表的服务都在手机端。',
        go: '前往手机端',
      },
      menu: '主菜单',
      skip: '跳到正文',
      switchOrg: '切换组织身份',
      switched: '已切换到 {{org}}',
      noRole: '尚未分配组织身份',
      changePassword: '修改密码',
      mustChange: '这是管理员为您设置的初始密码。为了账号安全，请先设置您自己的新密码再继续使用。',
    },
    login: {
      subtitle: '工会干部、管理员登录',
      username: '账号或手机号',
      failedTitle: '登录失败',
      lockedTitle: '账号已临时锁定',
      toH5: '职工 / 爱心人士请用手机版 →',
    },
    bell: { title: '消息通知', empty: '没有新消息', readAll: '全部已读', aria: '消息通知，{{count}} 条未读' },
    workbench: {
      hello: '您好，{{name}}',
      acting: '当前身份：{{org}} · {{role}}',
      orgs: '下辖组织',
      users: '账号数',
      auditToday: '今日审计记录',
      unread: '未读消息',
      todo: '待我处理',
      todoEmpty: '暂无待办事项。需要您处理的申请会显示在这里。',
      task: {
        applied: '困难帮扶：待受理的建档申请',
        accepted: '困难帮扶：待入户核查',
        reviewing: '困难帮扶：待审核',
        reviewed: '困难帮扶：审核通过待公示',
        publicizing: '困难帮扶：公示中，期满后审批建档',
        overdue: '困难帮扶：年度复核已逾期',
        transfers: '困难帮扶：待接收的档案移交',
        appealsOpen: '职工事大家议：待分办的诉求建议',
        commentsPending: '职工事大家议：待审核的评论',
        dutyPending: '履职评价：待审核的履职记录',
        suppliesSubmitted: '物资保障：待审核的物资需求',
        errandsPending: '及时送：待派单的工单',
        errandsOverdue: '及时送：已超时的工单',
        proposalsSubmitted: '云履职：待审议的提案建议',
        proposalsHandlingOverdue: '云履职：本单位承办已逾期的提案建议',
      },
    },
    error: {
      home: '回到首页',
      reload: '刷新页面',
      '403': { title: '无权访问', text: '您当前的角色不能查看这个页面。如需开通，请联系所在工会的管理员。' },
      '404': { title: '页面不存在', text: '您要找的页面不存在，或者已经被移走了。' },
      '500': { title: '出错了', text: '服务器暂时无法响应，请稍后再试。问题持续时请联系管理员。' },
      page: {
        title: '页面没有加载出来',
        text: '可能是网络中断，或平台刚刚更新。刷新后即可继续；已保存的内容不会丢失。',
      },
    },
  },
  'en-US': {
    menu: {
      workbench: 'Home',
      orgs: 'Organisations',
      users: 'Users',
      hardship: 'Hardship assistance',
      hardshipTransfers: 'Archive transfers',
      hardshipStats: 'Assistance statistics',
      audit: 'Audit log',
    },
    layout: {
      phoneOnly: {
        title: 'Please use the Niangjia mobile site',
        text: 'The console is for union cadres, administrators and partners; workers, donors and representatives are served on the mobile site.',
        go: 'Go to the mobile site',
      },
      menu: 'Main menu',
      skip: 'Skip to content',
      switchOrg: 'Switch organisation',
      switched: 'Now acting in {{org}}',
      noRole: 'No organisation role yet',
      changePassword: 'Change password',
      mustChange: 'An administrator set this password for you. Please choose your own to continue.',
    },
    login: {
      subtitle: 'Sign-in for union cadres and administrators',
      username: 'Account or mobile',
      failedTitle: 'Sign-in failed',
      lockedTitle: 'Account temporarily locked',
      toH5: 'Workers and donors: use the mobile site →',
    },
    bell: {
      title: 'Notifications',
      empty: 'No new messages',
      readAll: 'Mark all read',
      aria: 'Notifications, {{count}} unread',
    },
    workbench: {
      hello: 'Hello, {{name}}',
      acting: 'Acting as: {{org}} · {{role}}',
      orgs: 'Organisations',
      users: 'Accounts',
      auditToday: 'Audit events today',
      unread: 'Unread messages',
      todo: 'Waiting for me',
      todoEmpty: 'Nothing to do. Requests that need you will appear here.',
      task: {
        applied: 'Hardship: applications to accept',
        accepted: 'Hardship: home visits to make',
        reviewing: 'Hardship: cases to review',
        reviewed: 'Hardship: reviewed, to publicise',
        publicizing: 'Hardship: in publicity, approve when it ends',
        overdue: 'Hardship: yearly reviews overdue',
        transfers: 'Hardship: transfers to receive',
        appealsOpen: 'Workers’ voice: appeals to triage',
        commentsPending: 'Workers’ voice: comments to review',
        dutyPending: 'Duty scoring: records to approve',
        suppliesSubmitted: 'Supplies: requests to review',
        errandsPending: 'Urgent delivery: errands to dispatch',
        errandsOverdue: 'Urgent delivery: overdue errands',
        proposalsSubmitted: 'Congress: proposals to review',
        proposalsHandlingOverdue: 'Congress: overdue proposals your unit handles',
      },
    },
    error: {
      home: 'Back to home',
      reload: 'Reload',
      '403': {
        title: 'Not allowed',
        text: 'Your current role cannot open this page. Ask your union administrator.',
      },
      '404': { title: 'Page not found', text: 'The page does not exist or has moved.' },
      '500': { title: 'Something went wrong', text: 'The server is not responding. Please try again later.' },
      page: {
        title: 'This page did not load',
        text: 'The network may have dropped, or the platform was just updated. Reload to carry on; nothing saved is lost.',
      },
    },
  },
};

import { auditStrings } from './pages/audit.i18n.ts';
import { hardshipStrings } from './pages/hardship.i18n.ts';
import { orgStrings } from './pages/orgs.i18n.ts';
import { userStrings } from './pages/users.i18n.ts';

export const consoleStrings = {
  'zh-CN': {
    ...shell['zh-CN'],
    ...orgStrings['zh-CN'],
    ...userStrings['zh-CN'],
    ...auditStrings['zh-CN'],
    ...hardshipStrings['zh-CN'],
  },
  'en-US': {
    ...shell['en-US'],
    ...orgStrings['en-US'],
    ...userStrings['en-US'],
    ...auditStrings['en-US'],
    ...hardshipStrings['en-US'],
  },
};
