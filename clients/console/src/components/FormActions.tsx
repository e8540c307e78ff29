/** A form's submit and cancel buttons: the submit says it is working while the graph answers. */
export function FormActions({
  busy,
  submit,
  working,
  cancel,
  onCancel,
}: {
  busy: boolean;
  submit: string;
  working: string;
  cancel: string;
  onCancel: () => void;
}) {
  return (
    <div className="row">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? working : submit}
      </button>
      <button type="button" onClick={onCancel}>
        {cancel}
      </button>
    </div>
  );
}
