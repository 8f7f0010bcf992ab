import i18next from 'i18next';

/**
 * Strings of 档案移交 (the transfer inbox and the transfer parts of the archive page), under the
 * `hardshipTransfer` key. Registered by the pages that use them (they load lazily).
 */
export const hardshipTransferStrings = {
  'zh-CN': {
    title: '档案移交',
    subtitle:
      '职工更换工作单位或住址时，档案随人走（行走式数据链）：发起方移交，接收方接收后档案、附件和帮扶记录转入接收单位，二维码不变。',
    tab: { incoming: '待接收', outgoing: '已发起' },
    filter: { state: '状态', all: '全部状态' },
    state: { pending: '待接收', accepted: '已接收', declined: '未接收', cancelled: '已撤回' },
    col: {
      name: '职工',
      from: '移出单位',
      to: '接收单位',
      reason: '移交原因',
      state: '状态',
      requested: '发起',
      decided: '处理',
      actions: '操作',
    },
    total: '共 {{count}} 条',
    empty: { incoming: '暂无移交给本单位的档案', outgoing: '本单位尚未发起档案移交' },
    emptyFiltered: '没有符合条件的移交',
    clearFilters: '清除筛选条件',
    loadFailed: '移交记录加载失败',
    open: '查看档案',
    by: '{{name}} · {{time}}',
    action: {
      accept: '接收',
      decline: '不接收',
      cancel: '撤回',
      propose: '移交',
    },
    decide: {
      acceptTitle: '接收档案 · {{name}}',
      declineTitle: '不接收档案 · {{name}}',
      cancelTitle: '撤回移交 · {{name}}',
      acceptHint:
        '接收后档案及其附件、入户核查、帮扶记录转入「{{org}}」，原单位不再能查看；原结对帮扶责任人解除，请随后指定新的责任人。二维码不变。',
      declineHint: '档案仍留在「{{org}}」，发起人会收到通知。',
      cancelHint: '撤回后接收单位不能再接收此移交。',
      note: '说明',
      reason: '不接收的理由',
      reasonRequired: '请填写不接收的理由（至少 2 个字）',
      notePlaceholder: '可选',
      done: { accept: '已接收，档案已转入本单位', decline: '已不接收', cancel: '已撤回移交' },
      openArchive: '打开档案',
    },
    propose: {
      button: '移交',
      title: '移交档案 · {{name}}',
      hint: '职工更换单位或住址时，把档案移交给平台上的任一工会。对方接收前档案仍属本单位；接收后本单位不再能查看。',
      target: '接收单位',
      targetPlaceholder: '输入工会名称查找',
      targetRequired: '请选择接收单位',
      targetNone: '没有找到可接收的工会',
      reason: '移交原因',
      reasonPlaceholder: '如：职工已调至××公司工作，现住××区',
      reasonRequired: '请填写移交原因',
      done: '已发起移交，等待「{{org}}」接收',
      notNow: '在档档案或尚未入户核查的申请可以移交；审核、公示中的申请请先办结',
      pendingNow: '已有一项待接收的移交',
    },
    banner: {
      title: '档案正在移交至「{{org}}」，等待接收',
      text: '{{name}} 于 {{time}} 发起。原因：{{reason}}',
      cancel: '撤回移交',
      accept: '接收',
      decline: '不接收',
    },
    history: {
      tab: '移交记录',
      empty: '暂无移交记录',
      loadFailed: '移交记录加载失败',
      note: '说明：{{note}}',
    },
    inbox: '档案移交',
  },
  'en-US': {
    title: 'Archive transfers',
    subtitle:
      'When a worker changes employer or moves, the archive follows them: the holding union hands it over, and once the receiving union accepts, the archive, its documents and its aid history move there. The QR code stays the same.',
    tab: { incoming: 'To receive', outgoing: 'Sent' },
    filter: { state: 'State', all: 'All states' },
    state: { pending: 'Waiting', accepted: 'Accepted', declined: 'Declined', cancelled: 'Withdrawn' },
    col: {
      name: 'Worker',
      from: 'From',
      to: 'To',
      reason: 'Reason',
      state: 'State',
      requested: 'Sent',
      decided: 'Decided',
      actions: 'Actions',
    },
    total: '{{count}} in total',
    empty: {
      incoming: 'No archives are being transferred to you',
      outgoing: 'You have not sent any transfers',
    },
    emptyFiltered: 'No transfers match',
    clearFilters: 'Clear filters',
    loadFailed: 'Could not load the transfers',
    open: 'Open archive',
    by: '{{name}} · {{time}}',
    action: { accept: 'Accept', decline: 'Decline', cancel: 'Withdraw', propose: 'Transfer' },
    decide: {
      acceptTitle: 'Accept archive · {{name}}',
      declineTitle: 'Decline archive · {{name}}',
      cancelTitle: 'Withdraw transfer · {{name}}',
      acceptHint:
        'The archive with its documents, visits and aid moves to “{{org}}”; the old union loses access. Its paired helper is released: assign a new one afterwards. The QR code stays.',
      declineHint: 'The archive stays with “{{org}}”; the sender is notified.',
      cancelHint: 'Once withdrawn, the receiving union can no longer accept it.',
      note: 'Note',
      reason: 'Reason for declining',
      reasonRequired: 'Please give a reason',
      notePlaceholder: 'Optional',
      done: {
        accept: 'Accepted: the archive is now yours',
        decline: 'Declined',
        cancel: 'Transfer withdrawn',
      },
      openArchive: 'Open archive',
    },
    propose: {
      button: 'Transfer',
      title: 'Transfer archive · {{name}}',
      hint: 'When the worker changes employer or moves, hand the archive to any union on the platform. It stays yours until they accept; then you lose access.',
      target: 'Receiving union',
      targetPlaceholder: 'Type a union’s name',
      targetRequired: 'Choose the receiving union',
      targetNone: 'No union found',
      reason: 'Reason',
      reasonPlaceholder: 'e.g. now works at … and lives in …',
      reasonRequired: 'Please give the reason',
      done: 'Transfer sent; waiting for “{{org}}” to accept',
      notNow:
        'Filed archives and applications not yet verified can be transferred; finish review or publicity first',
      pendingNow: 'A transfer is already waiting',
    },
    banner: {
      title: 'Being transferred to “{{org}}”, waiting for acceptance',
      text: 'Sent by {{name}} on {{time}}. Reason: {{reason}}',
      cancel: 'Withdraw',
      accept: 'Accept',
      decline: 'Decline',
    },
    history: {
      tab: 'Transfers',
      empty: 'No transfers yet',
      loadFailed: 'Could not load the transfers',
      note: 'Note: {{note}}',
    },
    inbox: 'Archive transfers',
  },
};

/** English names of the transfer steps on the archive timeline (the Chinese come from the contract). */
const timelineEventsEn = {
  transferPropose: 'Transfer proposed',
  transferAccept: 'Transfer completed',
  transferDecline: 'Transfer declined by the receiving union',
  transferCancel: 'Transfer withdrawn',
};

let registered = false;
/** Add the strings to the console's i18next resources (once). */
export function registerHardshipTransferStrings(): void {
  if (registered) return;
  registered = true;
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(
      lng,
      'translation',
      { hardshipTransfer: hardshipTransferStrings[lng] },
      true,
      false,
    );
  }
  i18next.addResourceBundle(
    'en-US',
    'translation',
    { hardship: { enum: { event: timelineEventsEn } } },
    true,
    false,
  );
}
