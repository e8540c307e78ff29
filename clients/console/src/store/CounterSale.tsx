import { useLazyQuery, useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { Problem } from '../components/Problem';
import {
  StoreFindCustomerDocument,
  StorePriceQuoteDocument,
  StoreSellAtCounterDocument,
  StoreSellAtCounterMutation,
  TenderType,
} from '../generated/graphql';
import { useFormat } from '../format';
import { SaleLine, SaleLines } from './SaleLines';
import { UserErrors } from '../components/UserErrors';
import { useWorkingStore } from './storeContext';

const TENDERS: TenderType[] = ['CASH', 'CARD', 'E_WALLET'];

type Sale = NonNullable<StoreSellAtCounterMutation['sellAtCounter']['order']>;

function Receipt({ sale, pointsEarned, pointsRedeemed }: { sale: Sale; pointsEarned: number; pointsRedeemed: number }) {
  const { t } = useTranslation('store');
  const format = useFormat();
  return (
    <section className="card receipt" aria-labelledby="receipt-title">
      <h3 id="receipt-title">{t('counter.receipt', { number: sale.number })}</h3>
      <p className="muted">{format.dateTime(sale.placedAt)}</p>
      <ul className="lines">
        {sale.lines.map((line) => (
          <li key={line.sku}>
            {line.quantity} × {line.name} — {format.money(line.total)}
          </li>
        ))}
      </ul>
      <dl className="figures">
        <dt>{t('counter.discount')}</dt>
        <dd>{format.money(sale.totals.discount)}</dd>
        <dt>{t('counter.total')}</dt>
        <dd>
          <strong>{format.money(sale.totals.total)}</strong>
        </dd>
        {sale.payments.map((payment) => (
          <div key={payment.method}>
            <dt>{t(`counter.paidBy.${payment.method}`)}</dt>
            <dd>{format.money(payment.amount)}</dd>
          </div>
        ))}
        <dt>{t('counter.pointsRedeemed')}</dt>
        <dd>{format.number(pointsRedeemed)}</dd>
        <dt>{t('counter.pointsEarned')}</dt>
        <dd>{format.number(pointsEarned)}</dd>
      </dl>
    </section>
  );
}

/** What a loyalty point pays for at a checkout or a counter (the graph's `redeemPoints`). */
const POINT_VALUE = { amount: '1000', currencyCode: 'VND' };

/** A sale at this store's till: lines, the customer's loyalty card and points, a quote, then the receipt. */
export function CounterSale() {
  const { t } = useTranslation('store');
  const format = useFormat();
  const store = useWorkingStore();
  const [lines, setLines] = useState<SaleLine[]>([]);
  const [card, setCard] = useState('');
  const [redeemPoints, setRedeemPoints] = useState(0);
  const [tender, setTender] = useState<TenderType>('CASH');
  const [idempotencyKey, answered] = useActionKey();
  const [findCard, member] = useLazyQuery(StoreFindCustomerDocument, { fetchPolicy: 'network-only' });
  const [quote, quoted] = useLazyQuery(StorePriceQuoteDocument, { fetchPolicy: 'network-only' });
  const [sell, sold] = useMutation(StoreSellAtCounterDocument);
  const customer = member.data?.customerByIdentifier;
  const cardFound = card.trim() !== '' && customer?.loyalty?.cardCode !== undefined;

  const lookUpCard = (event: FormEvent) => {
    event.preventDefault();
    if (card.trim()) void findCard({ variables: { kind: 'LOYALTY_CARD', value: card.trim() } });
  };
  // A quote is for the lines and card it was asked for: changing either hides it until asked again.
  const basket = JSON.stringify({ lines, cardFound });
  const [quotedBasket, setQuotedBasket] = useState('');
  const askQuote = () => {
    setQuotedBasket(basket);
    void quote({ variables: { storeId: store.id, lines, member: cardFound } });
  };
  // The first line after a receipt starts the next customer's sale: the last customer's card is not theirs.
  const changeLines = (next: SaleLine[]) => {
    if (sold.data?.sellAtCounter.order && lines.length === 0) {
      setCard('');
      sold.reset();
    }
    setLines(next);
  };
  const confirm = async () => {
    const { data } = await sell({
      variables: {
        storeId: store.id,
        workstationId: store.workstationId,
        associateId: store.associateId,
        lines,
        tender,
        loyaltyCard: card.trim() || null,
        redeemPoints: redeemPoints > 0 ? redeemPoints : null,
        idempotencyKey,
      },
    });
    answered(data);
    if (data?.sellAtCounter.order) {
      setLines([]);
      setRedeemPoints(0);
      // The balance after the sale: points paid with are gone, points earned are on the card.
      if (card.trim()) void findCard({ variables: { kind: 'LOYALTY_CARD', value: card.trim() } });
    }
  };
  const result = sold.data?.sellAtCounter;
  const price = quoted.data?.priceQuote;

  return (
    <section aria-labelledby="counter-title" className="counter">
      <h2 id="counter-title">{t('counter.title')}</h2>
      <div className="grid">
        <div className="card">
          <h3>{t('counter.items')}</h3>
          <SaleLines lines={lines} onChange={changeLines} />
        </div>
        <div className="card">
          <h3>{t('counter.loyalty')}</h3>
          <form className="row" onSubmit={lookUpCard}>
            <label>
              {t('counter.card')} <input value={card} onChange={(event) => setCard(event.target.value)} autoComplete="off" />
            </label>
            <button type="submit" disabled={!card.trim() || member.loading}>
              {t('counter.lookUpCard')}
            </button>
          </form>
          <Problem error={member.error} />
          {member.called && !member.loading && !member.error && !customer && <p className="muted">{t('counter.noCard')}</p>}
          {customer && card.trim() !== '' && (
            <p data-testid="loyalty-balance">
              <strong>{customer.displayName}</strong> ·{' '}
              {customer.loyalty
                ? t('counter.balance', { points: format.number(customer.loyalty.pointsBalance), card: customer.loyalty.cardCode })
                : t('counter.noLoyalty')}
            </p>
          )}
          <label>
            {t('counter.redeem')}{' '}
            <input
              type="number"
              min={0}
              max={customer?.loyalty?.pointsBalance}
              value={redeemPoints}
              disabled={!card.trim()}
              onChange={(event) => setRedeemPoints(Math.max(0, Number(event.target.value) || 0))}
            />
          </label>
          <p className="muted">{t('counter.pointValue', { value: format.money(POINT_VALUE) })}</p>
          <label>
            {t('counter.tender')}{' '}
            <select value={tender} onChange={(event) => setTender(event.target.value as TenderType)}>
              {TENDERS.map((option) => (
                <option key={option} value={option}>
                  {t(`counter.paidBy.${option}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="row actions">
        <button onClick={askQuote} disabled={lines.length === 0 || quoted.loading}>
          {t('counter.quote')}
        </button>
        <button className="primary" onClick={() => void confirm()} disabled={lines.length === 0 || sold.loading}>
          {sold.loading ? t('counter.selling') : t('counter.confirm')}
        </button>
      </div>
      <Problem error={quoted.error} />
      {price && quotedBasket === basket && (
        <section className="card" aria-labelledby="quote-title">
          <h3 id="quote-title">{t('counter.quoteTitle')}</h3>
          <table>
            <tbody>
              {price.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    {line.variant?.name ?? line.sku} <span className="muted">({line.sku})</span>
                  </td>
                  <td className="number">
                    {line.quantity} × {format.money(line.unitPrice)}
                  </td>
                  <td className="number">{format.money(line.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {price.discounts.map((discount) => (
            <p key={discount.promotionId} className="muted">
              {discount.label}: −{format.money(discount.amount)}
            </p>
          ))}
          <p>
            {t('counter.total')}: <strong>{format.money(price.total)}</strong>
          </p>
        </section>
      )}
      <Problem error={sold.error} />
      <UserErrors errors={result?.userErrors} />
      {result?.order && <Receipt sale={result.order} pointsEarned={result.pointsEarned ?? 0} pointsRedeemed={result.pointsRedeemed ?? 0} />}
    </section>
  );
}
