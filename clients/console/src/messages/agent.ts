/** The call-center agent's screens. */
export const agentMessages = {
  vi: { title: 'Khách hàng' },
  en: { title: 'Customers' },
};
