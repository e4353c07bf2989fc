import { richParts } from '../view/rich-text';

/** A text from the catalogues or the advisor, with its commands, numbers and links marked up. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {richParts(text).map((p, i) => {
        if (p.kind === 'code') return <code key={i}>{p.text}</code>;
        if (p.kind === 'nowrap') {
          return (
            <span key={i} className="nowrap">
              {p.text}
            </span>
          );
        }
        if (p.kind === 'link') {
          return (
            <a key={i} href={p.url} target="_blank" rel="noopener noreferrer">
              {p.text}
            </a>
          );
        }
        return p.text;
      })}
    </>
  );
}
