/** The store associate's screens. */
export const storeMessages = {
  vi: { title: 'Cửa hàng' },
  en: { title: 'Store' },
};
