import { describe, expect, it } from 'vitest';
import { tierNoticeText } from './tier-notice.js';

describe('tierNoticeText', () => {
  it('welcomes a new member with their tier and the dealer', () => {
    const text = tierNoticeText({
      kind: 'enrolled',
      tier: 'gold',
      enrolledOn: '2026-02-10',
      customerName: 'Budi Santoso',
      dealerName: 'Honda Maju Motor',
    });
    expect(text.subject).toBe('Selamat bergabung sebagai Member Gold Honda Maju Motor');
    expect(text.bodyHtml).toContain('<p>Yth. Bapak/Ibu Budi Santoso,</p>');
    expect(text.bodyHtml).toContain('<b>Member Gold</b> Program Loyalitas Honda Maju Motor');
    expect(text.values).toEqual({
      customerName: 'Budi Santoso',
      tier: 'Gold',
      enrolledOn: '10 Februari 2026',
      dealerName: 'Honda Maju Motor',
    });
  });

  it('tells an upgraded member their new tier and since when they are a member', () => {
    const text = tierNoticeText({
      kind: 'upgraded',
      tier: 'platinum',
      enrolledOn: '2026-02-10',
      customerName: null,
      dealerName: null,
    });
    expect(text.subject).toBe('Selamat, tier member Anda naik menjadi Platinum');
    expect(text.bodyHtml).toContain('<p>Yth. Bapak/Ibu,</p>');
    expect(text.bodyHtml).toContain('naik menjadi <b>Platinum</b> (member sejak 10 Februari 2026)');
    expect(text.bodyHtml).toContain('dealer Honda Anda');
  });

  it('escapes a name that looks like markup', () => {
    const text = tierNoticeText({
      kind: 'enrolled',
      tier: 'silver',
      enrolledOn: '2026-02-10',
      customerName: 'A <b>&</b> B',
      dealerName: 'X',
    });
    expect(text.bodyHtml).toContain('Yth. Bapak/Ibu A &lt;b&gt;&amp;&lt;/b&gt; B,');
  });
});
