/** Vietnamese places, catalogue words and the retailer's own store network, fixed data for the seed. */

export interface City {
  name: string;
  latitude: number;
  longitude: number;
  districts: string[];
  /** Share of customers living there. */
  weight: number;
  /** Landline area code after the trunk 0 (028 is Hồ Chí Minh City); two digits take an 8-digit number, three a 7-digit one. */
  areaCode: string;
  region: 'north' | 'central' | 'south';
}

export const CITIES: City[] = [
  {
    name: 'TP. Hồ Chí Minh',
    areaCode: '28',
    latitude: 10.7769,
    longitude: 106.7009,
    weight: 34,
    region: 'south',
    districts: ['Quận 1', 'Quận 3', 'Quận 5', 'Quận 7', 'Quận 10', 'Bình Thạnh', 'Phú Nhuận', 'Gò Vấp', 'Tân Bình', 'Thủ Đức'],
  },
  {
    name: 'Hà Nội',
    areaCode: '24',
    latitude: 21.0285,
    longitude: 105.8542,
    weight: 26,
    region: 'north',
    districts: ['Hoàn Kiếm', 'Ba Đình', 'Đống Đa', 'Cầu Giấy', 'Hai Bà Trưng', 'Thanh Xuân', 'Tây Hồ', 'Long Biên'],
  },
  {
    name: 'Đà Nẵng',
    areaCode: '236',
    latitude: 16.0544,
    longitude: 108.2022,
    weight: 8,
    region: 'central',
    districts: ['Hải Châu', 'Thanh Khê', 'Sơn Trà', 'Ngũ Hành Sơn'],
  },
  {
    name: 'Hải Phòng',
    areaCode: '225',
    latitude: 20.8449,
    longitude: 106.6881,
    weight: 7,
    region: 'north',
    districts: ['Hồng Bàng', 'Lê Chân', 'Ngô Quyền'],
  },
  {
    name: 'Cần Thơ',
    areaCode: '292',
    latitude: 10.0452,
    longitude: 105.7469,
    weight: 6,
    region: 'south',
    districts: ['Ninh Kiều', 'Cái Răng', 'Bình Thủy'],
  },
  {
    name: 'Nha Trang',
    areaCode: '258',
    latitude: 12.2388,
    longitude: 109.1967,
    weight: 5,
    region: 'central',
    districts: ['Lộc Thọ', 'Vĩnh Hải', 'Phước Hải'],
  },
  {
    name: 'Huế',
    areaCode: '234',
    latitude: 16.4637,
    longitude: 107.5909,
    weight: 5,
    region: 'central',
    districts: ['Phú Hội', 'Vĩnh Ninh', 'Thuận Hòa'],
  },
  {
    name: 'Biên Hòa',
    areaCode: '251',
    latitude: 10.9574,
    longitude: 106.8427,
    weight: 5,
    region: 'south',
    districts: ['Tân Hiệp', 'Trảng Dài', 'Quyết Thắng'],
  },
  {
    name: 'Vũng Tàu',
    areaCode: '254',
    latitude: 10.346,
    longitude: 107.0843,
    weight: 4,
    region: 'south',
    districts: ['Phường 1', 'Thắng Tam', 'Rạch Dừa'],
  },
];

/** How many of the retailer's stores stand in each city, for each size, in city order. */
export const STORES_PER_CITY: Record<'small' | 'large', number[]> = {
  small: [2, 2, 1],
  large: [12, 9, 4, 3, 3, 2, 2, 3, 2],
};

export const WAREHOUSES = [
  {
    plant: '1100',
    sourceCode: 'wh_binh_duong',
    name: 'Kho tổng Bình Dương',
    street: 'KCN VSIP 1, Thuận An',
    city: 'Bình Dương',
    latitude: 10.9263,
    longitude: 106.7135,
    region: 'south',
  },
  {
    plant: '1200',
    sourceCode: 'wh_bac_ninh',
    name: 'Kho tổng Bắc Ninh',
    street: 'KCN Yên Phong',
    city: 'Bắc Ninh',
    latitude: 21.2123,
    longitude: 105.9439,
    region: 'north',
  },
  {
    plant: '1300',
    sourceCode: 'wh_da_nang',
    name: 'Kho Đà Nẵng',
    street: 'KCN Hòa Khánh, Liên Chiểu',
    city: 'Đà Nẵng',
    latitude: 16.0752,
    longitude: 108.1468,
    region: 'central',
  },
] as const;

/** Streets named after historical figures, as Vietnamese streets are. */
export const STREETS = [
  'Lê Lợi',
  'Nguyễn Huệ',
  'Trần Hưng Đạo',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Nguyễn Trãi',
  'Điện Biên Phủ',
  'Võ Văn Tần',
  'Pasteur',
  'Nam Kỳ Khởi Nghĩa',
  'Cách Mạng Tháng Tám',
  'Phan Đình Phùng',
  'Lê Duẩn',
  'Hoàng Diệu',
  'Quang Trung',
  'Bạch Đằng',
  'Trường Chinh',
  'Nguyễn Văn Linh',
  'Phạm Văn Đồng',
  'Tôn Đức Thắng',
];

export const FAMILY_NAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
/** Family names by how common they are in Vietnam (Nguyễn is about four in ten). */
export const FAMILY_NAME_WEIGHTS = [38, 11, 9, 7, 5, 5, 4, 4, 4, 2, 2, 2, 2, 2, 2, 1];
export const MIDDLE_NAMES = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Công', 'Gia'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Bảo', 'Phương', 'Kim'],
};
export const GIVEN_NAMES = {
  male: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Huy',
    'Hùng',
    'Khánh',
    'Long',
    'Nam',
    'Phong',
    'Quân',
    'Sơn',
    'Tài',
    'Thắng',
    'Trung',
    'Tuấn',
    'Việt',
    'Vinh',
  ],
  female: [
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hoa',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'My',
    'Ngân',
    'Nhung',
    'Phương',
    'Thảo',
    'Trang',
    'Vy',
    'Yến',
  ],
};
/** Pet names people go by, sometimes instead of their given name on a form. */
export const NICKNAMES = ['Bé', 'Tí', 'Tèo', 'Bin', 'Bống', 'Su', 'Mít', 'Na', 'Bo', 'Cún', 'Ốc', 'Heo', 'Bi'];
export const EMAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'fpt.vn', 'hotmail.com'];
/** How people mistype the email domains they use. */
export const EMAIL_DOMAIN_TYPOS: Record<string, string[]> = {
  'gmail.com': ['gmial.com', 'gmai.com', 'gmal.com', 'gnail.com', 'gmail.con'],
  'yahoo.com': ['yaho.com', 'yahooo.com', 'yhoo.com'],
  'outlook.com': ['outlok.com', 'outloook.com'],
  'icloud.com': ['iclod.com', 'icoud.com'],
  'fpt.vn': ['ftp.vn', 'fpt.com'],
  'hotmail.com': ['hotmial.com', 'hotmai.com', 'hotmail.con'],
};
/** Mobile prefixes after the leading 0 (Viettel, Vinaphone, Mobifone). */
export const MOBILE_PREFIXES = ['90', '93', '85', '70', '79', '77', '91', '94', '88', '83', '96', '97', '98', '86', '32', '33', '35', '38'];

export const CATEGORIES = [
  { code: 'AT', name: 'Áo thun', min: 149_000, max: 399_000, kind: 'apparel' },
  { code: 'SM', name: 'Áo sơ mi', min: 299_000, max: 699_000, kind: 'apparel' },
  { code: 'QJ', name: 'Quần jean', min: 399_000, max: 899_000, kind: 'apparel' },
  { code: 'QS', name: 'Quần short', min: 199_000, max: 449_000, kind: 'apparel' },
  { code: 'VD', name: 'Váy đầm', min: 349_000, max: 1_290_000, kind: 'apparel' },
  { code: 'AK', name: 'Áo khoác', min: 499_000, max: 1_590_000, kind: 'apparel' },
  { code: 'GS', name: 'Giày sneaker', min: 690_000, max: 2_490_000, kind: 'shoes' },
  { code: 'TX', name: 'Túi xách', min: 390_000, max: 1_990_000, kind: 'apparel' },
] as const;
export const STYLES = ['cotton', 'basic', 'oversize', 'slim fit', 'linen', 'thể thao', 'công sở', 'dạo phố', 'cổ điển', 'họa tiết'];
export const COLORS = [
  { code: 'TR', name: 'Trắng' },
  { code: 'DE', name: 'Đen' },
  { code: 'XN', name: 'Xanh navy' },
  { code: 'BE', name: 'Be' },
  { code: 'DO', name: 'Đỏ' },
  { code: 'XA', name: 'Xám' },
];
export const SIZES = { apparel: ['S', 'M', 'L', 'XL'], shoes: ['39', '40', '41', '42'] };

export const TICKET_SUBJECTS = [
  'Đơn hàng giao chậm',
  'Muốn đổi size',
  'Hỏi về điểm thành viên',
  'Sản phẩm bị lỗi đường may',
  'Hỏi hàng còn ở cửa hàng không',
  'Chưa nhận được hoàn tiền',
  'Đổi địa chỉ giao hàng',
  'Góp ý nhân viên cửa hàng',
];
export const CUSTOMER_LINES = [
  'Chào shop, mình cần hỗ trợ ạ.',
  'Đơn của mình đến giờ vẫn chưa thấy giao.',
  'Mình muốn đổi sang size lớn hơn được không?',
  'Điểm tích lũy của mình không thấy cộng.',
  'Cửa hàng gần nhà mình còn hàng không ạ?',
  'Cảm ơn shop nhiều!',
];
export const AGENT_LINES = [
  'Dạ, em chào anh/chị, em kiểm tra ngay ạ.',
  'Dạ em đã ghi nhận, bộ phận kho sẽ liên hệ trong hôm nay.',
  'Dạ đơn hàng đang được vận chuyển, dự kiến giao trong 2 ngày.',
  'Dạ em đã cộng bù điểm cho anh/chị rồi ạ.',
  'Dạ anh/chị có thể đổi hàng tại bất kỳ cửa hàng nào trong 30 ngày.',
];
