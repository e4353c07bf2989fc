export {
  CardService,
  createCardService,
  type CardServiceOptions,
  type IdentifyCard,
} from './card-service';
export {
  CardResetError,
  MuteCardError,
  PcscFailureError,
  ReaderBusyError,
  mapPcscError,
} from './pcsc-errors';
export { SCARD_STATE } from './pcsc-constants';
export {
  loadPcsclite,
  type PcscContext,
  type PcscFactory,
  type PcscReader,
  type PcscStatus,
} from './pcsclite-api';
