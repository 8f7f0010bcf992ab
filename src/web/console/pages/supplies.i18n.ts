import i18next from 'i18next';

/**
 * Menu entries of 服务热线平台 (issue #6, the supplies pages). Each page registers its own strings
 * in its own file (supply-requests.i18n.ts, supply-logistics.i18n.ts, supply-stats.i18n.ts).
 */
const shellStrings = {
  'zh-CN': {
    menu: {
      supplies: '物资保障',
      supplyRequests: '物资需求',
      supplySpecial: '特殊需求',
      supplyCatalogue: '物资目录',
      supplyPoints: '配送点位',
      supplyShipments: '配送单',
      supplyStats: '物资统计',
    },
  },
  'en-US': {
    menu: {
      supplies: 'Supplies',
      supplyRequests: 'Requests',
      supplySpecial: 'Special requests',
      supplyCatalogue: 'Catalogue',
      supplyPoints: 'Delivery points',
      supplyShipments: 'Shipments',
      supplyStats: 'Supply statistics',
    },
  },
};

let shellRegistered = false;
/** The menu strings, registered by the console shell. */
export function registerSupplyShellStrings(): void {
  if (shellRegistered) return;
  shellRegistered = true;
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', shellStrings[lng], true, false);
  }
}
