import { isAppError } from '../core/errors';
import type { IpcError, IpcResult } from './contract';

/**
 * Errors cross the boundary as data. A typed AppError keeps its code, key and parameters
 * (which by contract never hold a secret); anything else becomes `internal` with only the
 * error's class name, because a stray message could quote request data.
 */
export function toIpcError(err: unknown): IpcError {
  if (isAppError(err)) return { code: err.code, messageKey: err.messageKey, params: err.params };
  const name = err instanceof Error ? err.name : typeof err;
  return { code: 'internal', messageKey: 'error.internal', params: { detail: name } };
}

/** Run `work` and wrap its outcome; never rejects. */
export async function toIpcResult<T>(
  work: () => Promise<T>,
  onUnexpected?: (err: unknown) => void,
): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (!isAppError(err)) onUnexpected?.(err);
    return { ok: false, error: toIpcError(err) };
  }
}
