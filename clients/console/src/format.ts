import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';

/** The Money of the graph: a decimal string and an ISO 4217 currency. */
export interface Money {
  amount: string;
  currencyCode: string;
}

export const StoreTimeZone = createContext('Asia/Ho_Chi_Minh');

const LOCALES = { vi: 'vi-VN', en: 'en-GB' } as const;

/**
 * Money, times and numbers as the reader expects them: 1.250.000 ₫ and 14:05 06/12/2026 in
 * Vietnamese, the store's time zone whatever the device's.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const timeZone = useContext(StoreTimeZone);
  const locale = LOCALES[i18n.language === 'en' ? 'en' : 'vi'];
  return {
    locale,
    timeZone,
    money: (money: Money | null | undefined) =>
      money ? new Intl.NumberFormat(locale, { style: 'currency', currency: money.currencyCode }).format(Number(money.amount)) : '—',
    number: (value: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
    percent: (ratio: number | null | undefined) =>
      ratio === null || ratio === undefined
        ? '—'
        : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio),
    dateTime: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(new Date(iso)) : '—',
    date: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso)) : '—',
  };
}
