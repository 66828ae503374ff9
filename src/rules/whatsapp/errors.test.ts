import { describe, expect, it } from 'vitest';
import { type WhatsAppErrorKind, whatsAppErrorMeaning } from './errors.js';

describe('whatsAppErrorMeaning', () => {
  it.each<[number, WhatsAppErrorKind, RegExp]>([
    [131026, 'customer', /tidak terdaftar di WhatsApp/],
    [131049, 'customer', /batas pesan pemasaran/],
    [131050, 'customer', /berhenti menerima pesan pemasaran/],
    [130472, 'customer', /uji coba/],
    [130429, 'throttled', /kecepatan/],
    [131056, 'throttled', /nomor yang sama/],
    [131000, 'transient', /bermasalah/],
    [190, 'dealer', /Token/],
    [132001, 'dealer', /Template tidak ada/],
    [132015, 'dealer', /dijeda/],
    [132016, 'dealer', /dinonaktifkan/],
    [132000, 'dealer', /parameter/],
    [131042, 'dealer', /pembayaran/],
    [131048, 'dealer', /spam/],
  ])('code %i is a %s failure', (code, kind, reason) => {
    const meaning = whatsAppErrorMeaning(code);
    expect(meaning.kind).toBe(kind);
    expect(meaning.reason).toMatch(reason);
  });

  it('stops the blast on a code nobody has classified, naming it', () => {
    expect(whatsAppErrorMeaning(139999)).toEqual({
      kind: 'dealer',
      reason: 'Kesalahan WhatsApp tidak dikenal (kode 139999)',
    });
  });
});
