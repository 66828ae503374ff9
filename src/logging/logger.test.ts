import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, LOG_CAPTURE_ENV, silentLogger } from './logger.js';
import { maskName, maskPersonal, maskPhone, maskPhonesInText } from './mask.js';

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

  it.each([
    ['phone', 81234567890, '[masked]'],
    ['whatsapp', 12, 12],
    ['phone', '0812-3456-7890', '0812*****890'],
    ['phone', '0812*****890', '0812*****890'],
  ])('maskPersonal(%s: %s) → %s (a count stays, a number as digits does not, a mask stays as it is)', (key, value, masked) => {
    expect(maskPersonal(value, key)).toBe(masked);
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

describe('phone numbers under any key (issue 18, the log scan)', () => {
  it('are masked in error messages, rows and lists as in the message', () => {
    const { logger, text } = capture();
    logger.warn(
      {
        err: { code: 'validation', message: 'Nomor 0812-3456-7890 sudah dipakai' },
        row: { values: ['Jl. Mawar 9', '+62 813 5550 0001'] },
        error: new Error('recipient 6281234567891 refused'),
      },
      'Odoo refused one item',
    );
    const out = text();
    for (const leaked of ['3456-7890', '5550 0001', '6281234567891']) expect(out).not.toContain(leaked);
    expect(JSON.parse(out)).toMatchObject({
      err: { message: 'Nomor 0812*****890 sudah dipakai' },
      row: { values: ['Jl. Mawar 9', '+62813*****001'] },
      error: { message: 'recipient 6281******891 refused' },
    });
  });
});

describe('the log capture (H23_LOG_CAPTURE)', () => {
  it('copies every line, masked, to <folder>/<pid>.log; a silent logger logs there only', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const folder = await mkdtemp(join(tmpdir(), 'h23-capture-'));
    const before = process.env[LOG_CAPTURE_ENV];
    process.env[LOG_CAPTURE_ENV] = folder;
    try {
      const { logger, text } = capture();
      logger.info({ partner: { name: 'Budi Santoso' } }, 'WA ke 0812-3456-7890');
      silentLogger().debug({ token: 'abcdef0123456789' }, 'a silent line');
      const file = await readFile(join(folder, `${process.pid}.log`), 'utf8');
      const lines = file.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(text().trim());
      expect(file).not.toMatch(/Budi Santoso|3456-7890|abcdef0123456789/);
      expect(JSON.parse(lines[1] as string)).toMatchObject({ level: 'debug', token: '[redacted]' });
    } finally {
      if (before === undefined) delete process.env[LOG_CAPTURE_ENV];
      else process.env[LOG_CAPTURE_ENV] = before;
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('logs nothing anywhere without it', () => {
    expect(process.env[LOG_CAPTURE_ENV]).toBeUndefined();
    expect(silentLogger().level).toBe('silent');
  });
});
