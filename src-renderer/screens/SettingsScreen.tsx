import type { Settings } from '../../src/service/contract';
import { useActions, useCard, useT } from '../store/use-card';

const SWITCHES: ReadonlyArray<keyof Settings> = ['onlineStatusCheck', 'rememberCards'];

/** The person's choices, each with one sentence saying what it sends or keeps. */
export function SettingsScreen() {
  const settings = useCard((s) => s.settings);
  const problem = useCard((s) => s.settingsProblem);
  const { changeSettings } = useActions();
  const { tr } = useT();
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{tr('ui.settings.title')}</h2>
      <p className="muted">{tr('ui.settings.intro')}</p>
      {problem && (
        <p className="panel notice-warning" role="status" data-testid="settings-damaged">
          {tr('ui.settings.damaged', { path: problem.movedTo })}
        </p>
      )}
      {!settings ? (
        <p role="status">{tr('ui.settings.loading')}</p>
      ) : (
        <div className="panel settings-list">
          {SWITCHES.map((key) => (
            <div className="setting" key={key}>
              <label>
                <input
                  type="checkbox"
                  role="switch"
                  checked={settings[key]}
                  aria-describedby={`setting-${key}-help`}
                  onChange={(e) => void changeSettings({ [key]: e.target.checked })}
                  data-testid={`setting-${key}`}
                />{' '}
                {tr(`ui.settings.${key}.label`)}
              </label>
              <p className="muted" id={`setting-${key}-help`}>
                {tr(`ui.settings.${key}.help`)}
              </p>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
