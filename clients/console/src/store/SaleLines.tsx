import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface SaleLine {
  sku: string;
  quantity: number;
}

/** SKUs scanned or typed with their quantities; the same SKU again adds to its line. */
export function SaleLines({ lines, onChange }: { lines: SaleLine[]; onChange(lines: SaleLine[]): void }) {
  const { t } = useTranslation('store');
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState(1);
  const add = (event: FormEvent) => {
    event.preventDefault();
    const scanned = sku.trim();
    if (!scanned || quantity < 1) return;
    const existing = lines.find((line) => line.sku === scanned);
    onChange(
      existing
        ? lines.map((line) => (line === existing ? { ...line, quantity: line.quantity + quantity } : line))
        : [...lines, { sku: scanned, quantity }],
    );
    setSku('');
    setQuantity(1);
  };
  return (
    <div>
      <form className="row" onSubmit={add}>
        <label>
          {t('lines.sku')} <input value={sku} onChange={(event) => setSku(event.target.value)} autoComplete="off" />
        </label>
        <label>
          {t('lines.quantity')}{' '}
          <input
            className="quantity"
            type="number"
            min={1}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Number(event.target.value) || 1))}
          />
        </label>
        <button type="submit">{t('lines.add')}</button>
      </form>
      {lines.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('lines.sku')}</th>
              <th className="number">{t('lines.quantity')}</th>
              <th>
                <span className="visually-hidden">{t('lines.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.sku}>
                <td>{line.sku}</td>
                <td className="number">{line.quantity}</td>
                <td>
                  <button
                    type="button"
                    aria-label={t('lines.removeSku', { sku: line.sku })}
                    onClick={() => onChange(lines.filter((other) => other !== line))}
                  >
                    {t('lines.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
