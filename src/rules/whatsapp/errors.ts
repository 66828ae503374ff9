/**
 * What a WhatsApp Cloud API error means for the blast, by Meta's error code
 * (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes;
 * Meta advises building on `code`, not on titles, which it will deprecate).
 *
 * - `customer`: this customer cannot get this message (not on WhatsApp, stopped
 *   marketing messages, per-user marketing cap…): the follow-up becomes "WA gagal"
 *   and FU2 is due at once, as the SOP says.
 * - `dealer`: the dealer's setup is wrong (token, template, payment, number):
 *   the blast stops, IT is told, and no customer is marked failed for it.
 * - `throttled`: too fast (throughput, or one recipient too often): wait, then
 *   send again; the message was surely not sent.
 * - `transient`: Meta's side failed; the message was not accepted, so it may be
 *   sent again after a pause.
 */
export type WhatsAppErrorKind = 'customer' | 'dealer' | 'throttled' | 'transient';

export interface WhatsAppErrorMeaning {
  kind: WhatsAppErrorKind;
  /** What the admin (customer failures) or IT (dealer failures) reads, in Bahasa Indonesia. */
  reason: string;
}

const MEANINGS: ReadonlyArray<readonly [codes: readonly number[], meaning: WhatsAppErrorMeaning]> = [
  // The customer's side.
  [
    [131026],
    { kind: 'customer', reason: 'Nomor tidak terdaftar di WhatsApp atau tidak dapat menerima pesan' },
  ],
  [
    [131049],
    { kind: 'customer', reason: 'WhatsApp menahan pesan: batas pesan pemasaran untuk pelanggan ini' },
  ],
  [[131050], { kind: 'customer', reason: 'Pelanggan memilih berhenti menerima pesan pemasaran dari dealer' }],
  [[130472], { kind: 'customer', reason: 'Nomor pelanggan termasuk uji coba WhatsApp; pesan tidak dikirim' }],
  [[131047], { kind: 'customer', reason: 'Lebih dari 24 jam sejak pelanggan terakhir membalas' }],
  [[131021], { kind: 'customer', reason: 'Nomor pelanggan sama dengan nomor WhatsApp dealer' }],
  // Too fast: Meta refused before sending.
  [[4, 80007, 130429], { kind: 'throttled', reason: 'Batas kecepatan kirim WhatsApp tercapai' }],
  [[131056], { kind: 'throttled', reason: 'Terlalu banyak pesan ke nomor yang sama dalam waktu singkat' }],
  // Meta's side.
  [[1, 2, 131000, 131016], { kind: 'transient', reason: 'Layanan WhatsApp sedang bermasalah' }],
  // The dealer's setup: access.
  [[0, 190], { kind: 'dealer', reason: 'Token akses WhatsApp tidak berlaku atau kedaluwarsa' }],
  [[3, 10, 200, 299], { kind: 'dealer', reason: 'Aplikasi tidak punya izin WhatsApp yang dibutuhkan' }],
  // The account and the number.
  [
    [368, 130497, 131031],
    { kind: 'dealer', reason: 'Akun WhatsApp Business dibatasi atau dikunci oleh Meta' },
  ],
  [[131042], { kind: 'dealer', reason: 'Masalah pembayaran akun WhatsApp Business' }],
  [[131048], { kind: 'dealer', reason: 'Nomor dealer dibatasi karena banyak pesan ditandai spam' }],
  [
    [131037, 131045, 133000, 133010],
    { kind: 'dealer', reason: 'Nomor WhatsApp dealer belum terdaftar atau belum disetujui' },
  ],
  // Templates.
  [[132001], { kind: 'dealer', reason: 'Template tidak ada (nama atau bahasa salah)' }],
  [[132015], { kind: 'dealer', reason: 'Template dijeda oleh Meta karena kualitas rendah' }],
  [[132016], { kind: 'dealer', reason: 'Template dinonaktifkan oleh Meta' }],
  [[132000, 132012], { kind: 'dealer', reason: 'Jumlah atau format parameter tidak sesuai template' }],
  [
    [132005, 132007],
    { kind: 'dealer', reason: 'Isi parameter melanggar aturan template (terlalu panjang atau format)' },
  ],
  // The request itself: the bridge's or the config's fault, never the customer's.
  [[100, 131008, 131009, 131051], { kind: 'dealer', reason: 'Permintaan ke WhatsApp tidak valid' }],
];

const BY_CODE: ReadonlyMap<number, WhatsAppErrorMeaning> = new Map(
  MEANINGS.flatMap(([codes, meaning]) => codes.map((code) => [code, meaning] as const)),
);

/**
 * The meaning of an error code. An unknown code stops the blast (`dealer`):
 * marking customers failed for a cause nobody has read would send them FU2 calls
 * for nothing, while a stopped blast is seen by IT the same day.
 */
export function whatsAppErrorMeaning(code: number): WhatsAppErrorMeaning {
  return BY_CODE.get(code) ?? { kind: 'dealer', reason: `Kesalahan WhatsApp tidak dikenal (kode ${code})` };
}
