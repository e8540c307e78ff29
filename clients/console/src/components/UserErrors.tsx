import { useTranslation } from 'react-i18next';

/**
 * What the graph says the person can fix in what they entered (userErrors): in Vietnamese by its
 * code (the graph words its messages in English), in English as the graph words it.
 */
export function UserErrors({ errors }: { errors: readonly { code: string; message: string }[] | undefined }) {
  const { t, i18n } = useTranslation('shell');
  if (!errors || errors.length === 0) return null;
  const wording = (error: { code: string; message: string }) =>
    i18n.language === 'en' ? error.message : t(`userErrors.${error.code}`, { defaultValue: error.message });
  return (
    <div className="problem" role="alert">
      {errors.map((error) => (
        <p key={`${error.code}:${error.message}`}>{wording(error)}</p>
      ))}
    </div>
  );
}
