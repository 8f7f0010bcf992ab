/**
 * Server-rendered HTML of the personal QR pages (`/q/<token>`) and the printable QR cards.
 * No JavaScript, inline CSS only, small enough for a slow phone (≤ 30 KB). Everything is escaped.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (text: string | number | null | undefined): string =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The headers every QR page and card sheet is sent with. */
export const pageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const CSS = `*{box-sizing:border-box}body{margin:0;font:17px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f4f1ec}
header{background:#c8161d;color:#fff;padding:14px 16px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;font-size:14px;opacity:.9}
main{padding:12px;max-width:560px;margin:0 auto}.card{background:#fff;border-radius:10px;padding:14px 16px;margin-bottom:12px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:17px;margin:0 0 8px;color:#c8161d}dl{margin:0;display:grid;grid-template-columns:6.5em 1fr;gap:6px 8px}dt{color:#777}dd{margin:0;word-break:break-all}
.state{display:inline-block;padding:0 8px;border-radius:4px;background:#e8f5e9;color:#1b5e20}.state.off{background:#eee;color:#555}
a{color:#0b57d0}.tel{font-size:19px;font-weight:600;display:inline-block;padding:6px 0;min-height:44px}.d{white-space:nowrap}label{display:block;margin-bottom:6px}
input{font-size:20px;width:100%;padding:10px;border:1px solid #bbb;border-radius:8px;letter-spacing:4px}
button{margin-top:10px;width:100%;font-size:18px;padding:11px;border:0;border-radius:8px;background:#c8161d;color:#fff}
.msg{padding:10px 12px;border-radius:8px;margin-bottom:10px;background:#fdecea;color:#a4161a}.ok{background:#e8f5e9;color:#1b5e20}
ol,ul{margin:0;padding-left:1.2em}li{margin:4px 0}.muted{color:#777;font-size:14px}footer{text-align:center;color:#888;font-size:13px;padding:8px 12px 20px}`;

// The page frame is the same for every view (most of it the CSS): encoded to UTF-8 once, so a view
// encodes only its own part and the response goes out as one Buffer, never re-encoded for its length.
const FRAME = [
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><title>',
  `</title><style>${CSS}</style></head><body><header><h1>娘家 · 困难职工帮扶</h1><p>`,
  '</p></header><main>',
  '</main><footer>本页面由工会提供，仅供本人查看。请勿转发他人。</footer></body></html>',
].map((part) => Buffer.from(part, 'utf8'));

function layout(title: string, body: string): Buffer {
  const [open, afterTitle, afterHeading, close] = FRAME as [Buffer, Buffer, Buffer, Buffer];
  const t = Buffer.from(esc(title), 'utf8');
  return Buffer.concat([open, t, afterTitle, t, afterHeading, Buffer.from(body, 'utf8'), close]);
}

const telLink = (phone: string) =>
  `<a class="tel" href="tel:${esc(phone.replace(/[^\d+-]/g, ''))}">${esc(phone)}</a>`;

export interface QrPageModel {
  token: string;
  maskedName: string;
  stateLabel: string;
  onFile: boolean;
  categoryLabel: string | null;
  orgName: string;
  helper: { name: string; phone: string | null } | null;
  hotline: string;
  /** 微心愿 of the archive (newest first): title, state and the dates of its steps. */
  wishes?: { title: string; stateLabel: string; steps: { date: string; label: string }[] }[];
}

export interface QrVerified {
  history: { date: string; label: string }[];
  assistance: { date: string; type: string; amount: string | null; items: string | null; org: string }[];
  /** Cash total of all the household's assistance, formatted; null hides the assistance section. */
  assistanceTotal: string | null;
  plan: { type: string; targetDate: string | null; status: string; result: string | null }[];
}

export interface QrPageOptions {
  verified?: QrVerified;
  /** A message above the verification form: a wrong try, a lockout. */
  message?: string;
}

function contacts(m: { orgName: string; hotline: string; helper?: QrPageModel['helper'] }): string {
  const helper = m.helper
    ? `<dt>帮扶责任人</dt><dd>${esc(m.helper.name)}</dd><dt>联系电话</dt><dd>${m.helper.phone ? telLink(m.helper.phone) : '—'}</dd>`
    : '';
  return `${helper}<dt>所属工会</dt><dd>${esc(m.orgName)}</dd><dt>服务热线</dt><dd>${telLink(m.hotline)}</dd>`;
}

function verifiedSections(v: QrVerified): string {
  const history = v.history.length
    ? `<ol>${v.history.map((h) => `<li><span class="d">${esc(h.date)}</span> ${esc(h.label)}</li>`).join('')}</ol>`
    : '<p class="muted">暂无记录</p>';
  let assistance = '';
  if (v.assistanceTotal !== null) {
    const items = v.assistance.length
      ? `<ul>${v.assistance
          .map(
            (a) =>
              `<li><span class="d">${esc(a.date)}</span> ${esc(a.type)}${a.amount ? ` ${esc(a.amount)}` : ''}${a.items ? `（${esc(a.items)}）` : ''}<br><span class="muted">${esc(a.org)}</span></li>`,
          )
          .join('')}</ul><p>合计发放：${esc(v.assistanceTotal)}</p>`
      : '<p class="muted">暂无帮扶救助记录</p>';
    assistance = `<section class="card"><h2>帮扶救助记录</h2>${items}</section>`;
  }
  const plan = v.plan.length
    ? `<ul>${v.plan
        .map(
          (m) =>
            `<li>${esc(m.type)}：${esc(m.status)}${m.targetDate ? `<span class="muted">（目标 <span class="d">${esc(m.targetDate)}</span>）</span>` : ''}${m.result ? `<br>${esc(m.result)}` : ''}</li>`,
        )
        .join('')}</ul>`
    : '<p class="muted">暂无解困脱困计划</p>';
  return `<section class="card"><h2>办理记录</h2>${history}</section>${assistance}<section class="card"><h2>解困脱困计划</h2>${plan}</section>`;
}

function wishesSection(wishes: NonNullable<QrPageModel['wishes']>): string {
  if (wishes.length === 0) return '';
  const items = wishes
    .map(
      (w) =>
        `<li>${esc(w.title)} <span class="state">${esc(w.stateLabel)}</span><br><span class="muted">${w.steps.map((s) => `<span class="d">${esc(s.date)}</span> ${esc(s.label)}`).join(' · ')}</span></li>`,
    )
    .join('');
  return `<section class="card"><h2>我的微心愿</h2><ul>${items}</ul></section>`;
}

/** The status page; with `verified`, also the holder's own records. */
export function renderQrPage(m: QrPageModel, opts: QrPageOptions = {}): Buffer {
  const status = `<section class="card"><h2>帮扶档案</h2><dl><dt>姓名</dt><dd>${esc(m.maskedName)}</dd><dt>档案状态</dt><dd><span class="state${m.onFile ? '' : ' off'}">${esc(m.stateLabel)}</span></dd><dt>困难类别</dt><dd>${esc(m.categoryLabel ?? '—')}</dd>${contacts(m)}</dl></section>`;
  const message = opts.message ? `<p class="msg">${esc(opts.message)}</p>` : '';
  const form = opts.verified
    ? `<p class="msg ok" id="verify">已验证本人身份，以下为您的办理记录。</p>${verifiedSections(opts.verified)}`
    : `<section class="card" id="verify"><h2>查看办理记录</h2>${message}<form method="post" action="/q/${esc(m.token)}/verify#verify"><label for="digits">输入身份证号后 6 位查看办理记录</label><input id="digits" name="digits" maxlength="6" minlength="6" required autocomplete="off" pattern="[0-9Xx]{6}" inputmode="text"><button type="submit">查看</button></form></section>`;
  return layout('困难职工个人二维码', status + wishesSection(m.wishes ?? []) + form);
}

/** A rotated token: say so, and whom to call. */
export function renderReplacedPage(m: {
  orgName: string;
  hotline: string;
  helper: QrPageModel['helper'];
}): Buffer {
  return layout(
    '二维码已更换',
    `<section class="card"><h2>此二维码已更换</h2><p>该二维码已停止使用，工会已为档案持有人换发新的二维码。如有疑问，请联系：</p><dl>${contacts(m)}</dl></section>`,
  );
}

export function renderNotFoundPage(hotline: string): Buffer {
  return layout(
    '二维码无效',
    `<section class="card"><h2>未找到该二维码</h2><p>二维码无效或已失效，请核对后重新扫描。如需帮助，请拨打工会服务热线 ${telLink(hotline)}。</p></section>`,
  );
}

export interface QrCard {
  maskedName: string;
  orgName: string;
  svg: string;
  hotline: string;
}

const CARD_CSS = `@page{size:A4;margin:10mm}*{box-sizing:border-box}body{margin:0;font:12pt/1.4 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.hint{padding:8px 12px;background:#fff8e1;border-bottom:1px solid #e0c36c;font-size:11pt}
.sheet{width:190mm;display:grid;grid-template-columns:1fr 1fr;grid-auto-rows:67mm;gap:3mm;margin:0 auto;break-after:page;page-break-after:always}
.sheet:last-child{break-after:auto;page-break-after:auto}
.qc{border:1px dashed #888;padding:4mm;display:flex;gap:3mm;align-items:center;break-inside:avoid;page-break-inside:avoid;overflow:hidden}
.qc .t{flex:1;min-width:0}.qc .h{color:#c8161d;font-weight:700;font-size:11pt;margin-bottom:2mm}.qc .n{font-size:16pt;font-weight:700}.qc .o{font-size:10pt;margin:1mm 0 2mm;word-break:break-all}.qc .l{font-size:9pt;color:#333}
.qc .q{width:44mm;height:44mm;flex:none}.qc .q svg{width:100%;height:100%;display:block}
@media print{.hint{display:none}}`;

/** A4 sheets of 2 × 4 cards, each: masked name, org, QR, hotline. */
export function renderCards(cards: QrCard[], title: string): string {
  const sheets: string[] = [];
  for (let i = 0; i < cards.length; i += 8) {
    const cells = cards
      .slice(i, i + 8)
      .map(
        (c) =>
          `<div class="qc"><div class="t"><div class="h">娘家 · 困难职工帮扶</div><div class="n">${esc(c.maskedName)}</div><div class="o">${esc(c.orgName)}</div><div class="l">微信扫码查看档案状态<br>服务热线 ${esc(c.hotline)}</div></div><div class="q">${c.svg}</div></div>`,
      )
      .join('');
    sheets.push(`<section class="sheet">${cells}</section>`);
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"><title>${esc(title)}</title><style>${CARD_CSS}</style></head><body><div class="hint">共 ${cards.length} 张二维码卡片。请用浏览器打印（Ctrl+P），纸张选 A4，缩放 100%，沿虚线裁剪。</div>${sheets.join('')}</body></html>`;
}
