import { AppError } from '../core/errors';

export type UpdateRejection =
  | 'malformed'
  | 'bad-key'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-file'
  | 'wrong-version'
  | 'not-newer'
  | 'wrong-size'
  | 'wrong-hash'
  | 'no-signature';

/**
 * A downloaded update that is not installed, because its signature is missing, does not
 * verify, or vouches for something other than what was downloaded.
 */
export class UpdateRejectedError extends AppError {
  constructor(
    readonly reason: UpdateRejection,
    params: Record<string, string | number> = {},
  ) {
    super('update-rejected', `update.rejected.${reason}`, params);
  }
}
