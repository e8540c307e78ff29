import {
  htmlToText,
  isoToOdooDatetime,
  loyaltyOrigin,
  odooDatetimeToIso,
  supportChannel,
  ticketStatus,
  wholePoints,
} from '../../connectors/crm';

describe('Odoo datetimes', () => {
  it('reads zoneless UTC text as an instant in UTC, with its zone', () => {
    const iso = odooDatetimeToIso('2026-11-20 05:06:07');
    expect(iso).toBe('2026-11-20T05:06:07Z');
    expect(new Date(iso).getTime()).toBe(Date.UTC(2026, 10, 20, 5, 6, 7));
  });

  it('maps an unset datetime (false) to null', () => {
    expect(odooDatetimeToIso(false)).toBeNull();
  });

  it("writes any zone back as Odoo's UTC text, across midnight and the year end", () => {
    expect(isoToOdooDatetime('2026-11-20T10:30:00+07:00')).toBe('2026-11-20 03:30:00');
    expect(isoToOdooDatetime('2027-01-01T06:59:59+07:00')).toBe('2026-12-31 23:59:59');
    expect(isoToOdooDatetime('2026-11-20T05:06:07.890Z')).toBe('2026-11-20 05:06:07');
    expect(isoToOdooDatetime(odooDatetimeToIso('2026-03-01 00:00:00'))).toBe('2026-03-01 00:00:00');
  });
});

describe('points', () => {
  it('keeps whole points and rounds the float noise away', () => {
    expect(wholePoints(120)).toBe(120);
    expect(wholePoints(0.1 + 0.2 + 11.7)).toBe(12);
    expect(wholePoints(99.99999999)).toBe(100);
  });

  it('rounds halves away from zero, the same for points spent as earned', () => {
    expect(wholePoints(2.5)).toBe(3);
    expect(wholePoints(-2.5)).toBe(-3);
    expect(wholePoints(-0.4)).toBe(0);
    expect(Object.is(wholePoints(-0.4), -0)).toBe(false);
  });
});

describe('where points came from', () => {
  it('reads web orders and store receipts from order_ref, keeping the reference after the prefix', () => {
    expect(loyaltyOrigin('web:000000123')).toEqual({ source: 'WEB_ORDER', orderReference: '000000123' });
    expect(loyaltyOrigin('pos:101-2-345-2026-11-20')).toEqual({ source: 'STORE_PURCHASE', orderReference: '101-2-345-2026-11-20' });
  });

  it('reads gift redemptions, and anything else as OTHER without a reference', () => {
    expect(loyaltyOrigin('gift')).toEqual({ source: 'GIFT', orderReference: null });
    expect(loyaltyOrigin(false)).toEqual({ source: 'OTHER', orderReference: null });
    expect(loyaltyOrigin('manual adjustment')).toEqual({ source: 'OTHER', orderReference: null });
    expect(loyaltyOrigin('web:')).toEqual({ source: 'OTHER', orderReference: null });
    expect(loyaltyOrigin('coupon:ABC')).toEqual({ source: 'OTHER', orderReference: null });
    expect(loyaltyOrigin('constructor:1')).toEqual({ source: 'OTHER', orderReference: null });
  });
});

describe('HTML bodies as plain text', () => {
  it('strips tags and decodes entities, named and numeric', () => {
    expect(htmlToText('<p>Đơn &amp; hoá đơn &lt;số 12&gt; &quot;gấp&quot; &#39;ạ&#39; &#x1F600;</p>')).toBe(
      'Đơn & hoá đơn <số 12> "gấp" \'ạ\' 😀',
    );
  });

  it('keeps paragraphs and line breaks as lines, and collapses the rest of the whitespace', () => {
    expect(htmlToText('<p>Chào shop,</p><p>mình cần <b>hỗ   trợ</b><br/>ạ.</p>')).toBe('Chào shop,\nmình cần hỗ trợ\nạ.');
    expect(htmlToText('<div>\n  <p>  A  </p>\n\n\n<p>B</p></div>')).toBe('A\n\nB');
  });

  it('drops scripts and styles with their content, and leaves unknown entities as they are', () => {
    expect(htmlToText('<style>p { color: red }</style><p>Hi<script>alert(1)</script></p>')).toBe('Hi');
    expect(htmlToText('AT&T &bogus; &#0;')).toBe('AT&T &bogus; &#0;');
  });

  it('reads an empty body (false) as an empty text', () => {
    expect(htmlToText(false)).toBe('');
    expect(htmlToText('<p></p>')).toBe('');
  });
});

describe('tickets and channels', () => {
  it('maps helpdesk stages by name, a stage added later counting as in progress', () => {
    expect(ticketStatus('New')).toBe('NEW');
    expect(ticketStatus('In Progress')).toBe('IN_PROGRESS');
    expect(ticketStatus('Solved')).toBe('SOLVED');
    expect(ticketStatus('Waiting on customer')).toBe('IN_PROGRESS');
    expect(ticketStatus(null)).toBe('IN_PROGRESS');
  });

  it('takes the channel from x_channel, else from how the message came in', () => {
    expect(supportChannel('zalo', 'comment')).toBe('ZALO');
    expect(supportChannel('facebook', 'email')).toBe('FACEBOOK');
    expect(supportChannel(false, 'email')).toBe('EMAIL');
    expect(supportChannel(false, 'comment')).toBe('CHAT');
  });
});
