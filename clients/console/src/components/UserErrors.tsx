/** What the graph says the person can fix in what they entered (userErrors), as it words it. */
export function UserErrors({ errors }: { errors: readonly { code: string; message: string }[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div className="problem" role="alert">
      {errors.map((error) => (
        <p key={`${error.code}:${error.message}`}>{error.message}</p>
      ))}
    </div>
  );
}
