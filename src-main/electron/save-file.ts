/**
 * Saving a file the person chose in the save dialog (an exported certificate today, reports
 * later). Written as a private file (src/platform): mode 0600, complete or not at all, and
 * a link someone planted at the chosen name is replaced instead of written through.
 */
import { writePrivateFile } from '../../src/platform';

export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}

/** `ask` shows the dialog with the proposed name; resolves false when the person cancelled. */
export function dialogFileSaver(
  ask: (defaultPath: string) => Promise<SaveDialogAnswer>,
): (fileName: string, data: Buffer) => Promise<boolean> {
  return async (fileName, data) => {
    const picked = await ask(fileName);
    if (picked.canceled || !picked.filePath) return false;
    await writePrivateFile(picked.filePath, data);
    return true;
  };
}
