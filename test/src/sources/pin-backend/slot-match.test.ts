import { describe, expect, it } from 'vitest';
import { describesReader, matchSlotBySerialOrReader } from '../../../../src/sources/pin-backend';
import type { SlotReport } from '../../../../src/card/pkcs11/protocol';

function slot(id: string, description: string, serialNumber: string | null): SlotReport {
  return {
    slotId: id,
    description,
    manufacturer: 'x',
    token:
      serialNumber === null
        ? null
        : {
            label: 'HiCOS PKI Smart Card',
            serialNumber,
            manufacturer: 'Chunghwa TeleCom Co., Ltd.',
            model: '',
            flags: 0,
            minPinLen: 6,
            maxPinLen: 8,
          },
  };
}

const A =
  'Generic Smart Card Reader Interface [Smart Card Reader Interface] (20070818000000000) 00 00';
const B = 'ACS ACR39U ICC Reader 00 00';

describe('pairing a PC/SC reader with a PKCS#11 slot', () => {
  const slots = [slot('01', A.slice(0, 64), 'TP03000012345678'), slot('02', B, 'TP03000087654321')];

  it('picks the token whose serial is the card number, whatever the slot is called', () => {
    expect(
      matchSlotBySerialOrReader({ reader: B, cardNumber: 'TP03000012345678' }, slots)?.slotId,
    ).toBe('01');
    expect(
      matchSlotBySerialOrReader({ reader: A, cardNumber: 'tp03000087654321' }, slots)?.slotId,
    ).toBe('02');
  });

  it('never falls back to the reader when the reader holds a token of another card', () => {
    expect(
      matchSlotBySerialOrReader({ reader: B, cardNumber: 'TP09999999999999' }, slots),
    ).toBeNull();
  });

  it('uses the reader name (cut to 64 characters by the module) when the card number is unknown', () => {
    expect(matchSlotBySerialOrReader({ reader: A, cardNumber: null }, slots)?.slotId).toBe('01');
    expect(matchSlotBySerialOrReader({ reader: B, cardNumber: null }, slots)?.slotId).toBe('02');
    expect(
      matchSlotBySerialOrReader({ reader: 'Other 00 00', cardNumber: null }, slots),
    ).toBeNull();
  });

  it('accepts a token without a serial in the right reader', () => {
    const blank = [slot('07', B, '')];
    expect(
      matchSlotBySerialOrReader({ reader: B, cardNumber: 'TP03000012345678' }, blank)?.slotId,
    ).toBe('07');
  });

  it('matches nothing when two tokens claim the same card in no single reader', () => {
    const twice = [slot('01', A, 'TP03000012345678'), slot('02', B, 'TP03000012345678')];
    expect(
      matchSlotBySerialOrReader({ reader: 'Third 00 00', cardNumber: 'TP03000012345678' }, twice),
    ).toBeNull();
    expect(
      matchSlotBySerialOrReader({ reader: B, cardNumber: 'TP03000012345678' }, twice)?.slotId,
    ).toBe('02');
  });

  it('ignores slots whose token could not be read', () => {
    expect(
      matchSlotBySerialOrReader({ reader: B, cardNumber: null }, [slot('02', B, null)]),
    ).toBeNull();
  });

  it('compares reader names with truncation and suffixes, but not across readers', () => {
    expect(describesReader('Virtual PCD 00 00', 'Virtual PCD 00 00')).toBe(true);
    expect(describesReader('Virtual PCD 00 00', 'Virtual PCD 00 01')).toBe(false);
    expect(describesReader(`${B} (slot 0)`, B)).toBe(true);
    expect(describesReader('', B)).toBe(false);
  });
});
