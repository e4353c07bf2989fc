/**
 * The remedy for "the smart-card service is not running" on this computer's system: Linux's
 * pcscd, Windows' Smart Card service (SCardSvr), macOS's built-in CryptoTokenKit.
 */
export function pcscRemedyKey(platform: string): string {
  if (platform === 'win32') return 'live.state.pcscDown.windows';
  if (platform === 'darwin') return 'live.state.pcscDown.macos';
  return 'live.state.pcscDown.linux';
}
