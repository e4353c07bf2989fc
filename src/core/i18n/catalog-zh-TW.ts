// zh-TW's messages: one JSON file per domain, so each part of the app owns its own texts.
// A module of its own, so the renderer can load one language without the other
// (src-renderer/i18n/catalog-on-demand.ts).
import common from '../../../resources/locales/zh-TW/common.json' with { type: 'json' };
import card from '../../../resources/locales/zh-TW/card.json' with { type: 'json' };
import certs from '../../../resources/locales/zh-TW/certs.json' with { type: 'json' };
import advisor from '../../../resources/locales/zh-TW/advisor.json' with { type: 'json' };
import cli from '../../../resources/locales/zh-TW/cli.json' with { type: 'json' };
import pcsc from '../../../resources/locales/zh-TW/pcsc.json' with { type: 'json' };
import ui from '../../../resources/locales/zh-TW/ui.json' with { type: 'json' };
import diagnostics from '../../../resources/locales/zh-TW/diagnostics.json' with { type: 'json' };
import virtualCard from '../../../resources/locales/zh-TW/virtual-card.json' with { type: 'json' };
import updates from '../../../resources/locales/zh-TW/updates.json' with { type: 'json' };
import pkcs11 from '../../../resources/locales/zh-TW/pkcs11.json' with { type: 'json' };
import file from '../../../resources/locales/zh-TW/file.json' with { type: 'json' };
import settings from '../../../resources/locales/zh-TW/settings.json' with { type: 'json' };
import revocation from '../../../resources/locales/zh-TW/revocation.json' with { type: 'json' };
import selfTest from '../../../resources/locales/zh-TW/selftest.json' with { type: 'json' };
import otherCards from '../../../resources/locales/zh-TW/other-cards.json' with { type: 'json' };
import helpdesk from '../../../resources/locales/zh-TW/helpdesk.json' with { type: 'json' };
import knownCards from '../../../resources/locales/zh-TW/known-cards.json' with { type: 'json' };
import live from '../../../resources/locales/zh-TW/live.json' with { type: 'json' };
import guide from '../../../resources/locales/zh-TW/guide.json' with { type: 'json' };
import type { Catalog } from './langs';

export const messages: Catalog = {
  ...common,
  ...card,
  ...certs,
  ...advisor,
  ...cli,
  ...pcsc,
  ...ui,
  ...diagnostics,
  ...virtualCard,
  ...updates,
  ...pkcs11,
  ...file,
  ...settings,
  ...revocation,
  ...selfTest,
  ...otherCards,
  ...helpdesk,
  ...knownCards,
  ...live,
  ...guide,
};
