// A codegen document transform: __typename in every selection set but an operation's root, in
// operations and fragments alike. The console's normalised cache keys objects by type and id and
// matches fragments by type, and the gateway runs the registered text as written, so the text
// itself must ask for it (typed-document-node's addTypenameToSelectionSets skips fragments).
const { Kind, visit } = require('graphql');

const TYPENAME = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

function withTypename(document) {
  return visit(document, {
    SelectionSet(node, _key, parent) {
      if (parent && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, TYPENAME] };
    },
  });
}

exports.transform = ({ documents }) => documents.map((file) => ({ ...file, document: file.document && withTypename(file.document) }));
