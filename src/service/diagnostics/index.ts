/** Helpdesk diagnostics (issue 6): `citizen-card diagnose` and the Diagnose screen. */
export { runDiagnostics, hasErrors } from './runner';
export { formatReportText } from './text';
export { relocalizeReport, localizeFinding } from './localize';
export { machineDeps, currentOs, machinePaths } from './node-environment';
export { maskCardNumber, maskName, maskSerial, Redactions } from './masking';
export { createTraceRecorder, redactSecretCommand, hideResponseData, traceLines } from './trace';
export { pkcs11Candidates } from './steps/middleware';
export type { ModuleCandidate } from '../../card/pkcs11/locator';
export {
  httpGet,
  webComponentUrl,
  WEB_COMPONENT_HOST,
  WEB_COMPONENT_PORT,
  WEB_COMPONENT_PATH,
  type HttpGet,
  type HttpProbeResult,
} from './http-probe';
export type { DiagnosticsDeps, OpenedSource } from './deps';
export * from './types';
