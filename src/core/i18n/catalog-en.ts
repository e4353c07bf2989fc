// en's messages: one JSON file per domain, so each part of the app owns its own texts.
// A module of its own, so the renderer can load one language without the other
// (src-renderer/i18n/catalog-on-demand.ts).
import common from '../../../resources/locales/en/common.json' with { type: 'json' };
import card from '../../../resources/locales/en/card.json' with { type: 'json' };
import certs from '../../../resources/locales/en/certs.json' with { type: 'json' };
import advisor from '../../../resources/locales/en/advisor.json' with { type: 'json' };
import cli from '../../../resources/locales/en/cli.json' with { type: 'json' };
import pcsc from '../../../resources/locales/en/pcsc.json' with { type: 'json' };
import ui from '../../../resources/locales/en/ui.json' with { type: 'json' };
import diagnostics from '../../../resources/locales/en/diagnostics.json' with { type: 'json' };
import virtualCard from '../../../resources/locales/en/virtual-card.json' with { type: 'json' };
import updates from '../../../resources/locales/en/updates.json' with { type: 'json' };
import pkcs11 from '../../../resources/locales/en/pkcs11.json' with { type: 'json' };
import file from '../../../resources/locales/en/file.json' with { type: 'json' };
import settings from '../../../resources/locales/en/settings.json' with { type: 'json' };
import revocation from '../../../resources/locales/en/revocation.json' with { type: 'json' };
import selfTest from '../../../resources/locales/en/selftest.json' with { type: 'json' };
import otherCards from '../../../resources/locales/en/other-cards.json' with { type: 'json' };
import helpdesk from '../../../resources/locales/en/helpdesk.json' with { type: 'json' };
import knownCards from '../../../resources/locales/en/known-cards.json' with { type: 'json' };
import live from '../../../resources/locales/en/live.json' with { type: 'json' };
import guide from '../../../resources/locales/en/guide.json' with { type: 'json' };
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
