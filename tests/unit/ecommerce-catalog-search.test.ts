import { likeLiteral, nameLikePatterns, skuLikePattern, withoutAccents } from '../../connectors/ecommerce';

describe('a catalogue search as Magento like filters', () => {
  it("escapes %, _ and \\ with MySQL's escape character", () => {
    expect(likeLiteral('50% off_now\\')).toBe('50\\% off\\_now\\\\');
    expect(nameLikePatterns('%')).toEqual(['%\\%%']);
    expect(nameLikePatterns('_')).toEqual(['%\\_%']);
    expect(skuLikePattern('AT_0001')).toBe('%AT\\_0001%');
  });

  it('takes the accents off Latin letters, however they were typed, and keeps Đ', () => {
    expect(withoutAccents('Áo sơ mi Đỏ')).toBe('Ao so mi Đo');
    // Decomposed: A + U+0301, as some keyboards send it.
    expect(withoutAccents('A\u0301o')).toBe('Ao');
    expect(nameLikePatterns('A\u0301O THUN')).toEqual(['%AO THUN%']);
  });

  it('sends each d or đ both ways, since the shop keeps Đ apart from D', () => {
    expect(nameLikePatterns('den')).toEqual(['%den%', '%đen%']);
    expect(nameLikePatterns('Đỏ')).toEqual(['%do%', '%đo%']);
    expect(nameLikePatterns('co dien')).toEqual(['%co dien%', '%co đien%']);
    expect(skuLikePattern('đo')).toBe('%do%');
  });

  it('bounds the filters: after three d letters, a d is any one character', () => {
    const patterns = nameLikePatterns('đầm dạ hội dáng dài');
    expect(patterns).toHaveLength(8);
    expect(patterns[0]).toBe('%dam da hoi dang _ai%');
    expect(patterns[7]).toBe('%đam đa hoi đang _ai%');
  });
});
