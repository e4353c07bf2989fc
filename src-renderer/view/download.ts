/** base64 → bytes without Node's Buffer, so it runs in the page. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function mimeTypeFor(fileName: string): string {
  if (fileName.endsWith('.pem')) return 'application/x-pem-file';
  if (fileName.endsWith('.ics')) return 'text/calendar';
  return 'application/pkix-cert';
}

/** Offer bytes the browser host sent as a file download (the page has no file system). */
export function downloadBase64(fileName: string, base64: string): void {
  downloadBlob(fileName, new Blob([base64ToBytes(base64)], { type: mimeTypeFor(fileName) }));
}

/** Save a blob through the browser's download, the only way a page writes a file. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
