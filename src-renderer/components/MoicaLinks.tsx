import { moicaLink, type MoicaLinkId } from '../../src/core/moica-links';
import { useT } from '../store/use-card';

/**
 * A button-looking link to the MOICA page where the person does what the advice says.
 * A plain link opening a new window: in the browser host that is a new tab; in the desktop
 * app the window handler hands it to the system browser after checking it against the
 * allow-list (src-main/electron/security.ts), which comes from the same link table.
 */
export function MoicaLinkButton({ id, primary = false }: { id: MoicaLinkId; primary?: boolean }) {
  const { lang, tr } = useT();
  const link = moicaLink(id);
  return (
    <span className="moica-link">
      <a
        className={`button-link${primary ? ' primary' : ''}`}
        href={link.url}
        target="_blank"
        rel="noopener noreferrer"
        data-testid={`moica-link-${id}`}
      >
        {link.label[lang]}
        <span className="visually-hidden"> {tr('guide.link.newWindow')}</span>
      </a>
      {link.where && (
        <span className="hint moica-where">
          {tr('guide.link.where', { where: link.where[lang] })}
        </span>
      )}
    </span>
  );
}

export function MoicaLinks({ ids }: { ids: readonly MoicaLinkId[] }) {
  if (ids.length === 0) return null;
  return (
    <div className="moica-links">
      {ids.map((id) => (
        <MoicaLinkButton key={id} id={id} />
      ))}
    </div>
  );
}
