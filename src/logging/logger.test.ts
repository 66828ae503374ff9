import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { maskName, maskPhone, maskPhonesInText } from './mask.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ destination, level: 'debug' }), text: () => lines.join('') };
}

describe('masks', () => {
  it.each([
    ['+6281234567890', '+62812*****890'],
    ['081234567890', '0812*****890'],
    ['0812-3456-7890', '0812*****890'],
    ['123', '***'],
  ])('maskPhone(%s) → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps initials of names', () => {
    expect(maskName('  Budi  Santoso ')).toBe('B*** S***');
  });

  it('masks Indonesian numbers inside text', () => {
    expect(maskPhonesInText('WA ke 0812-3456-7890 atau +62 812 3456 7891, WO 2025-0001')).toBe(
      'WA ke 0812*****890 atau +62812*****891, WO 2025-0001',
    );
  });
});

describe('createLogger', () => {
  it('removes secrets and masks personal data, however deep', () => {
    const { logger, text } = capture();
    logger.info(
      {
        job: 'import',
        password: 'hunter2',
        apiKey: 'abcdef0123456789',
        headers: { authorization: 'bearer abcdef0123456789' },
        partner: { name: 'Budi Santoso', phone: '+6281234567890' },
        row: { carrierName: 'Siti Aminah', carrierPhone: '0812 3456 7890' },
      },
      'customer 081234567890 imported',
    );
    const out = text();
    for (const leaked of [
      'hunter2',
      'abcdef0123456789',
      'Budi Santoso',
      'Siti Aminah',
      '81234567890',
      '3456 7890',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('B*** S***');
    expect(out).toContain('+62812*****890');
    expect(JSON.parse(out)).toMatchObject({
      level: 'info',
      job: 'import',
      msg: 'customer 0812*****890 imported',
    });
  });
});
