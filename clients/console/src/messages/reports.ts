/** The manager's and back office's reports. */
export const reportMessages = {
  vi: { title: 'Báo cáo' },
  en: { title: 'Reports' },
};
