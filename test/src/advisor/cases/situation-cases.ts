/**
 * What each situation answer must say, in both languages, with the rules it rests on.
 * test/src/advisor/situations.test.ts asserts every row.
 */
export interface SituationCase {
  id: string;
  tests: string[];
  zh: string[];
  en: string[];
}

export const situationCases: SituationCase[] = [
  {
    id: 'pin-locked-remembers-user-code',
    tests: ['R-PIN-LOCK', 'R-UNLOCK-ONLINE'],
    zh: ['3 次', '忘記PIN碼/鎖卡解碼', '0800-080-117', '資料查證日期'],
    en: ['Three wrong PINs', '忘記PIN碼/鎖卡解碼', '0800-080-117', 'As of'],
  },
  {
    id: 'pin-locked-forgot-user-code',
    tests: ['R-USERCODE-RESET', 'R-PROXY', 'R-PIN-DEFAULT'],
    zh: ['戶政事務所', '身分證正本', '預設值', '委託書'],
    en: ['household registration office', 'original ID card', 'default', 'authorisation form'],
  },
  {
    id: 'user-code-blocked',
    tests: ['R-USERCODE-RESET', 'R-PROXY'],
    zh: ['只有戶政事務所能重設', '預設值'],
    en: ['only a household registration office can reset it', 'back to the default'],
  },
  {
    id: 'default-pin',
    tests: ['R-PIN-DEFAULT', 'R-PIN-LOCK'],
    zh: ['730101', '09', '民國100年', '可能', '2025-09-23', '資料查證日期'],
    en: ['730101', '09', '民國100年', 'possibility', '23 September 2025', 'As of'],
  },
  {
    id: 'what-to-bring',
    tests: ['R-BRING'],
    zh: ['身分證正本', '新臺幣 250 元', '電子郵件', '資料查證日期'],
    en: ['original national ID card', 'NT$250', 'e-mail', 'As of'],
  },
  {
    id: 'where',
    tests: ['R-WHERE'],
    zh: ['任一戶政事務所', '民政局'],
    en: ['Any household registration office', 'Civil-affairs bureaus'],
  },
  {
    id: 'hours',
    tests: ['R-HOURS'],
    zh: ['08:30–12:00', '13:30–17:00', '當場', '資料查證日期'],
    en: ['08:30–12:00', '13:30–17:00', 'on the spot', 'As of'],
  },
  {
    id: 'fees',
    tests: ['R-EXT-FEE', 'R-BRING', 'R-RENEW-ONLINE'],
    zh: ['新臺幣 250 元', '新臺幣 28 元', '展期：免費', '資料查證日期'],
    en: ['NT$250', 'NT$28', 'Extension: free of charge', 'As of'],
  },
  {
    id: 'proxy',
    tests: ['R-PROXY', 'R-NO-PROXY-APPLY'],
    zh: ['重設用戶代碼', '停用或復用', '展期', '手機號碼', '公布狀態', '不能委託', '廢止'],
    en: [
      'reset the user code',
      'suspend or resume',
      'extend',
      'mobile',
      'publication',
      'cannot apply',
    ],
  },
  {
    id: 'lost-card',
    tests: ['R-LOST', 'R-NO-PROXY-APPLY'],
    zh: ['停用', '復用', '廢止憑證無法復原'],
    en: ['Suspend the card at once', 'resume it', 'permanent'],
  },
  {
    id: 'activation',
    tests: ['R-ACTIVATION'],
    zh: ['已經開好卡', '要自己開卡'],
    en: ['already activated', 'must be activated'],
  },
  {
    id: 'eligibility',
    tests: ['R-ELIG'],
    zh: ['18 歲', '戶籍', '監護宣告'],
    en: ['18 or older', 'household registration', 'guardianship'],
  },
  {
    id: 'setup',
    tests: ['R-SETUP'],
    zh: ['讀卡機', '上網', '卡片管理元件'],
    en: ['smart-card reader', 'network access', 'middleware'],
  },
  {
    id: 'services',
    tests: ['R-SERVICES'],
    zh: ['聯徵', '勞保', '報稅', '謄本'],
    en: ['credit report', 'labour-insurance', 'taxes', 'transcripts'],
  },
  {
    id: 'card-date',
    tests: ['R-CARD-DATE'],
    zh: ['民國95年9月', '申請日', '到期日'],
    en: ['September 2006', 'application date', 'end of the 5-year validity'],
  },
  {
    id: 'check-validity',
    tests: ['R-CHECK-VALIDITY', 'R-CARD-DATE'],
    zh: ['卡面', '查詢憑證簽發情形', '卡號'],
    en: ['printed on the card', '查詢憑證簽發情形', 'card number'],
  },
  {
    id: 'issue-flow',
    tests: ['R-ISSUE-FLOW'],
    zh: ['印出申請書', '用戶代碼', '註冊中心', '憑證管理中心', '開卡'],
    en: ['prints the application', 'user code', 'registration authority', 'CA', 'activates'],
  },
  {
    id: 'prefill',
    tests: ['R-PREFILL'],
    zh: ['先上網填寫', '申請表'],
    en: ['fill in the application online first', 'application form'],
  },
  {
    id: 'validity-and-extension',
    tests: ['R-VALIDITY', 'R-EXT', 'R-EXT-FEE'],
    zh: ['5 年', '8 年', '60 天', '3 年', '原到期日', '免費'],
    en: [
      '5 years',
      '8 years',
      '60 days',
      '3 years after',
      'original expiry date',
      'free of charge',
    ],
  },
  {
    id: 'renewal',
    tests: [
      'R-RENEW-ONLINE',
      'R-RENEW-ONLINE-LATE',
      'R-RENEW-COUNTER',
      'R-EXPIRED-LATE',
      'R-ACTIVATION',
    ],
    zh: ['前 60 天', '新臺幣 28 元', '1 年內', '不需另外開卡', '臨櫃重新申請'],
    en: ['60 days before', 'NT$28', '1 year after', 'need not activate it', 'new application'],
  },
];
