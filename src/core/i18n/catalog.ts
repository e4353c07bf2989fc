// One JSON file per domain and language, so each part of the app owns its own texts.
import zhCommon from '../../../resources/locales/zh-TW/common.json' with { type: 'json' };
import zhCard from '../../../resources/locales/zh-TW/card.json' with { type: 'json' };
import zhCerts from '../../../resources/locales/zh-TW/certs.json' with { type: 'json' };
import zhAdvisor from '../../../resources/locales/zh-TW/advisor.json' with { type: 'json' };
import zhCli from '../../../resources/locales/zh-TW/cli.json' with { type: 'json' };
import zhPcsc from '../../../resources/locales/zh-TW/pcsc.json' with { type: 'json' };
import zhUi from '../../../resources/locales/zh-TW/ui.json' with { type: 'json' };
import zhDiagnostics from '../../../resources/locales/zh-TW/diagnostics.json' with { type: 'json' };
import zhVirtualCard from '../../../resources/locales/zh-TW/virtual-card.json' with { type: 'json' };
import zhUpdates from '../../../resources/locales/zh-TW/updates.json' with { type: 'json' };
import zhPkcs11 from '../../../resources/locales/zh-TW/pkcs11.json' with { type: 'json' };
import zhFile from '../../../resources/locales/zh-TW/file.json' with { type: 'json' };
import zhRevocation from '../../../resources/locales/zh-TW/revocation.json' with { type: 'json' };
import zhSettings from '../../../resources/locales/zh-TW/settings.json' with { type: 'json' };
import zhSelfTest from '../../../resources/locales/zh-TW/selftest.json' with { type: 'json' };
import zhOtherCards from '../../../resources/locales/zh-TW/other-cards.json' with { type: 'json' };
import zhHelpdesk from '../../../resources/locales/zh-TW/helpdesk.json' with { type: 'json' };
import zhKnownCards from '../../../resources/locales/zh-TW/known-cards.json' with { type: 'json' };
import zhLive from '../../../resources/locales/zh-TW/live.json' with { type: 'json' };
import zhGuide from '../../../resources/locales/zh-TW/guide.json' with { type: 'json' };
import enCommon from '../../../resources/locales/en/common.json' with { type: 'json' };
import enCard from '../../../resources/locales/en/card.json' with { type: 'json' };
import enCerts from '../../../resources/locales/en/certs.json' with { type: 'json' };
import enAdvisor from '../../../resources/locales/en/advisor.json' with { type: 'json' };
import enCli from '../../../resources/locales/en/cli.json' with { type: 'json' };
import enPcsc from '../../../resources/locales/en/pcsc.json' with { type: 'json' };
import enUi from '../../../resources/locales/en/ui.json' with { type: 'json' };
import enDiagnostics from '../../../resources/locales/en/diagnostics.json' with { type: 'json' };
import enVirtualCard from '../../../resources/locales/en/virtual-card.json' with { type: 'json' };
import enUpdates from '../../../resources/locales/en/updates.json' with { type: 'json' };
import enPkcs11 from '../../../resources/locales/en/pkcs11.json' with { type: 'json' };
import enFile from '../../../resources/locales/en/file.json' with { type: 'json' };
import enRevocation from '../../../resources/locales/en/revocation.json' with { type: 'json' };
import enSettings from '../../../resources/locales/en/settings.json' with { type: 'json' };
import enSelfTest from '../../../resources/locales/en/selftest.json' with { type: 'json' };
import enOtherCards from '../../../resources/locales/en/other-cards.json' with { type: 'json' };
import enHelpdesk from '../../../resources/locales/en/helpdesk.json' with { type: 'json' };
import enKnownCards from '../../../resources/locales/en/known-cards.json' with { type: 'json' };
import enLive from '../../../resources/locales/en/live.json' with { type: 'json' };
import enGuide from '../../../resources/locales/en/guide.json' with { type: 'json' };

export const LANGS = ['zh-TW', 'en'] as const;
export type Lang = (typeof LANGS)[number];

type Catalog = Record<string, string>;

export const catalogs: Record<Lang, Catalog> = {
  'zh-TW': {
    ...zhCommon,
    ...zhCard,
    ...zhCerts,
    ...zhAdvisor,
    ...zhCli,
    ...zhPcsc,
    ...zhUi,
    ...zhDiagnostics,
    ...zhVirtualCard,
    ...zhUpdates,
    ...zhPkcs11,
    ...zhFile,
    ...zhSettings,
    ...zhRevocation,
    ...zhSelfTest,
    ...zhOtherCards,
    ...zhHelpdesk,
    ...zhKnownCards,
    ...zhLive,
    ...zhGuide,
  } as Catalog,
  en: {
    ...enCommon,
    ...enCard,
    ...enCerts,
    ...enAdvisor,
    ...enCli,
    ...enPcsc,
    ...enUi,
    ...enDiagnostics,
    ...enVirtualCard,
    ...enUpdates,
    ...enPkcs11,
    ...enFile,
    ...enSettings,
    ...enRevocation,
    ...enSelfTest,
    ...enOtherCards,
    ...enHelpdesk,
    ...enKnownCards,
    ...enLive,
    ...enGuide,
  } as Catalog,
};
