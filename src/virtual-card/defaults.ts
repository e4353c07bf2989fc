/** What a virtual card holds unless told otherwise (the demo holder of the docs). */
export const VIRTUAL_CARD_DEFAULTS = {
  /** R-PIN-DEFAULT: born 民國73年1月1日. */
  pin: '730101',
  userCode: '12345678',
  /** 16 ASCII characters, starting like MOICA card numbers do (card-profile.md §3). */
  cardNumber: 'TP03000012345678',
  holderName: '王小明',
  /** The subject's serialNumber attribute (16 digits). */
  holderSerialNumber: '0000000012345678',
  /** Contents of 3F00/0900/0905. */
  osVersion: 'CCM VC01',
  readerName: 'Virtual card (in process)',
  scenario: 'fresh',
} as const;
