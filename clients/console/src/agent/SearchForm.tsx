import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { isSearchKind, SEARCH_KINDS, SearchKind } from './kinds';

/** The identifier the caller gives and what kind it is; the search lives in the URL (/customers?kind=PHONE&value=…) so it can be shared and gone back to. */
export function SearchForm() {
  const { t } = useTranslation('agent');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const asked = params.get('kind');
  const [kind, setKind] = useState<SearchKind>(isSearchKind(asked) ? asked : 'PHONE');
  const [value, setValue] = useState(params.get('value') ?? '');

  const search = (event: FormEvent) => {
    event.preventDefault();
    const typed = value.trim();
    if (typed) void navigate(`/customers?${new URLSearchParams({ kind, value: typed }).toString()}`);
  };

  return (
    <form className="card agent-search" role="search" onSubmit={search}>
      <h2>{t('search.heading')}</h2>
      <div className="row">
        <label>
          <span>{t('search.kind')}</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as SearchKind)}>
            {SEARCH_KINDS.map((option) => (
              <option key={option} value={option}>
                {t(`search.kinds.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          <span>{t('search.value')}</span>
          <input
            type={kind === 'EMAIL' ? 'email' : 'text'}
            inputMode={kind === 'PHONE' ? 'tel' : undefined}
            value={value}
            placeholder={t(`search.placeholders.${kind}`)}
            onChange={(event) => setValue(event.target.value)}
            required
          />
        </label>
        <button type="submit" className="primary">
          {t('search.submit')}
        </button>
      </div>
    </form>
  );
}
