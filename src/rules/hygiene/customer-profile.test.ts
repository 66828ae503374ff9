import { describe, expect, it } from 'vitest';
import { addressKey, type CustomerRecord, findingsOf, profileOf } from './customer-profile.js';

const record = (overrides: Partial<CustomerRecord> = {}): CustomerRecord => ({
  id: 1,
  name: 'Bpk. Budi Santoso',
  phones: [{ field: 'phone', value: '0812-3456-7890' }],
  email: 'budi@example.co.id',
  street: 'Jl. Merdeka No. 5',
  city: 'Bandung',
  engineNumbers: [],
  active: true,
  ...overrides,
});

describe('addressKey', () => {
  it.each([
    ['Jl. Merdeka No. 5', 'Bandung', 'jl merdeka 5|bandung'],
    ['Jalan Merdeka 05', 'Kota Bandung', 'jl merdeka 5|bandung'],
    ['JLN MERDEKA NO.5', 'bandung', 'jl merdeka 5|bandung'],
    ['Gang Mawar RT 02/RW 01 No. 7', 'Kab. Sleman', 'gg mawar rt 2 rw 1 7|sleman'],
    ['Blk.C3 No 12', 'Bekasi', 'blok c 3 12|bekasi'],
  ])('%s, %s → %s', (street, city, expected) => {
    expect(addressKey(street, city)).toBe(expected);
  });

  it.each([
    ['Jl. Merdeka', 'Bandung'],
    ['Jl. Merdeka 5', ''],
    ['', 'Bandung'],
    [null, null],
  ])('%j, %j identify no home', (street, city) => {
    expect(addressKey(street, city)).toBeNull();
  });
});

describe('profileOf', () => {
  it('normalises every identifier once', () => {
    expect(
      profileOf(
        record({
          phones: [
            { field: 'phone', value: '+62 812-3456-7890' },
            { field: 'mobile', value: '081234567890' },
          ],
          email: 'BUDI@example.co.id',
          engineNumbers: ['jm31e-1234567', 'JM31E1234567', 'bad'],
        }),
      ),
    ).toEqual({
      id: 1,
      nameKey: 'budi santoso',
      nameTokens: ['budi', 'santoso'],
      phones: ['+6281234567890'],
      email: 'budi@example.co.id',
      addressKey: 'jl merdeka 5|bandung',
      engineNumbers: ['JM31E1234567'],
      active: true,
    });
  });
});

describe('findingsOf', () => {
  it.each<[string, Partial<CustomerRecord>, Array<[string, string]>]>([
    ['a complete customer', {}, []],
    [
      'an invalid phone and a valid mobile',
      {
        phones: [
          { field: 'phone', value: '12345' },
          { field: 'mobile', value: '0812 3456 7890' },
        ],
      },
      [['phone_invalid', 'phone: 12345']],
    ],
    [
      'no phone at all',
      {
        phones: [
          { field: 'phone', value: null },
          { field: 'mobile', value: '' },
        ],
      },
      [['phone_invalid', 'phone: kosong']],
    ],
    ['no e-mail', { email: null }, [['email_missing', 'email: kosong']]],
    ['a malformed e-mail', { email: 'budi@gmail' }, [['email_malformed', 'email: budi@gmail']]],
    ['no city', { city: ' ' }, [['address_incomplete', 'alamat tanpa kota']]],
    ['no address', { street: null, city: null }, [['address_incomplete', 'alamat tanpa jalan dan kota']]],
  ])('%s', (_, overrides, expected) => {
    expect(findingsOf(record(overrides)).map((finding) => [finding.kind, finding.detail])).toEqual(expected);
  });
});
