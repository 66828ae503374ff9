import { describe, expect, it } from 'vitest';
import {
  clickToChatUrl,
  DEFAULT_FIRST_CONTACT_BODY,
  DEFAULT_FIRST_CONTACT_SOURCES,
  type FirstContactFacts,
  parameterCount,
  renderTemplate,
  templateParameters,
} from './message-text.js';

const facts: FirstContactFacts = {
  customerName: 'Budi Santoso',
  modelName: 'BeAT Street',
  engineNumber: 'JM11E1234567',
  kpb: 2,
  dueDate: '2026-12-01',
  branchName: 'AHASS Cempaka',
  branchPhone: '021-5550123',
};

describe('templateParameters', () => {
  it('fills each numbered parameter from its source, in order', () => {
    expect(templateParameters(['customer_name', 'kpb', 'due_date', 'engine_number'], facts)).toEqual([
      'Budi Santoso',
      '2',
      '1 Desember 2026',
      'JM11E1234567',
    ]);
  });

  it.each([
    ['customer_name', { customerName: null }, 'Bapak/Ibu'],
    ['customer_name', { customerName: '   ' }, 'Bapak/Ibu'],
    ['unit_model', { modelName: null }, 'Honda'],
    ['branch_name', { branchName: null }, 'AHASS kami'],
    ['branch_phone', { branchPhone: null }, 'nomor ini'],
  ] as const)('never leaves %s empty (Meta refuses it)', (source, missing, said) => {
    expect(templateParameters([source], { ...facts, ...missing })).toEqual([said]);
  });

  it('takes new lines and long runs of spaces out, which Meta refuses in a parameter', () => {
    expect(
      templateParameters(['customer_name'], { ...facts, customerName: 'Budi\nSantoso      Jr' }),
    ).toEqual(['Budi Santoso   Jr']);
  });
});

describe('renderTemplate', () => {
  it('reads as the customer will', () => {
    const parameters = templateParameters(DEFAULT_FIRST_CONTACT_SOURCES, facts);
    expect(parameterCount(DEFAULT_FIRST_CONTACT_BODY)).toBe(parameters.length);
    expect(renderTemplate(DEFAULT_FIRST_CONTACT_BODY, parameters)).toBe(
      'Halo Budi Santoso, terima kasih telah mempercayakan motor BeAT Street Anda kepada AHASS Cempaka. Sudah waktunya servis KPB 2 (gratis) untuk motor Anda. Balas pesan ini untuk booking servis, atau hubungi kami di 021-5550123.',
    );
  });

  it('leaves a placeholder without a parameter visible rather than inventing one', () => {
    expect(renderTemplate('Halo {{1}}, {{2}}', ['Budi'])).toBe('Halo Budi, {{2}}');
  });
});

describe('clickToChatUrl', () => {
  it('opens the number in international digits with the text typed in', () => {
    expect(clickToChatUrl('+6281234567890', 'Halo Budi, KPB 2?')).toBe(
      'https://wa.me/6281234567890?text=Halo%20Budi%2C%20KPB%202%3F',
    );
  });

  it('has no link for a number too short to be one', () => {
    expect(clickToChatUrl('+6212', 'x')).toBeNull();
  });
});
