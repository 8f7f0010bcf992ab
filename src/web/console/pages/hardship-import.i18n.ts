import i18next from 'i18next';

/**
 * Strings of the hardship list's Excel tools (导入模板, 批量导入 with its progress, 导出 Excel), under
 * the `hardshipImport` key; registered when the hardship list page loads.
 */
const hardshipImportStrings = {
  'zh-CN': {
    template: '下载模板',
    templateFile: '困难职工档案导入模板.xlsx',
    import: '批量导入',
    title: '批量导入困难职工档案',
    intro:
      '请按导入模板填写（第二页“填写说明”列出各项可选值）。导入的是已有的纸质在档档案：状态为“在档”，年度复核日期为一年后，并生成个人二维码。同一身份证号在全平台只能有一份有效档案。',
    defaultOrg: '“所属组织”为空的行归入：{{org}}',
    drop: '点击或拖拽 .xlsx 文件到这里上传',
    dropHint: '文件较大时导入在后台进行，请保持本窗口打开直至完成。',
    uploading: '正在上传…',
    state: { queued: '排队中', running: '导入中', done: '导入完成', failed: '导入失败' },
    processed: '已处理 {{processed}} / {{total}} 行',
    processedUnknown: '已处理 {{processed}} 行',
    total: '处理行数',
    imported: '成功导入',
    failed: '未导入',
    allOk: '全部 {{count}} 行已导入。',
    someFailed: '{{count}} 行未导入，请下载错误报告：每行注明原因，修改后可直接再次导入。',
    errorReport: '下载错误报告',
    errorReportFile: '导入错误报告.xlsx',
    again: '继续导入',
    close: '关闭',
    export: '导出 Excel',
    exportFile: '困难职工档案.xlsx',
    exportUnmasked: '导出完整身份证号',
    exportUnmaskedHint: '导出完整身份证号、手机号和住址，将记入审计日志',
    exported: '已导出',
  },
  'en-US': {
    template: 'Download template',
    templateFile: 'hardship-import-template.xlsx',
    import: 'Import',
    title: 'Import hardship archives',
    intro:
      'Fill in the import template (its second sheet lists the allowed values). Imported rows are existing paper archives: they are filed, due for review in a year, and get a personal QR code. One active archive per ID number on the whole platform.',
    defaultOrg: 'Rows without an org go to: {{org}}',
    drop: 'Click or drop an .xlsx file here',
    dropHint: 'Large files import in the background; keep this window open until it finishes.',
    uploading: 'Uploading…',
    state: { queued: 'Queued', running: 'Importing', done: 'Done', failed: 'Failed' },
    processed: '{{processed}} of {{total}} rows processed',
    processedUnknown: '{{processed}} rows processed',
    total: 'Rows',
    imported: 'Imported',
    failed: 'Not imported',
    allOk: 'All {{count}} rows were imported.',
    someFailed:
      '{{count}} rows were not imported. Download the error report: each row says why; fix them and import the file again.',
    errorReport: 'Download error report',
    errorReportFile: 'import-errors.xlsx',
    again: 'Import another file',
    close: 'Close',
    export: 'Export Excel',
    exportFile: 'hardship-archives.xlsx',
    exportUnmasked: 'Full ID numbers',
    exportUnmaskedHint: 'Exports full ID numbers, mobiles and addresses; recorded in the audit log',
    exported: 'Exported',
  },
};

export function registerHardshipImportStrings(): void {
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(
      lng,
      'translation',
      { hardshipImport: hardshipImportStrings[lng] },
      true,
      false,
    );
  }
}
