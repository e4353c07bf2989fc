/**
 * Getting a diagnostic report out of the page: to the clipboard (for a chat or a ticket
 * form) or into a file. Both work without any permission from the main process.
 */
import { downloadBlob } from './download';

/** `citizen-card-diagnose-2026-11-27T1130.txt`: sortable, no characters a file system refuses. */
export function reportFileName(generatedAt: string, extension: 'txt' | 'json'): string {
  const stamp = generatedAt.slice(0, 16).replace(/:/g, '');
  return `citizen-card-diagnose-${stamp}.${extension}`;
}

export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type: `${type};charset=utf-8` }));
}

/**
 * The asynchronous clipboard API first; where the page may not use it (Electron denies
 * every permission to the page), a selected read-only text area and the copy command.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.readOnly = true;
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}
