// Validates Kubernetes objects against the Kubernetes API's own OpenAPI schemas (kubernetes-models),
// offline. kubernetes-models ships ES modules only, which Jest's loader cannot require, so the test
// runs this file in a plain Node process: objects as a JSON array on stdin, one answer per object on
// stdout (`null` when valid, else what is wrong).
import { text } from 'node:stream/consumers';

/** `apps/v1` + `Deployment` → kubernetes-models/apps/v1/Deployment; the core group is `v1`. */
async function modelOf(apiVersion, kind) {
  return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
}

const objects = JSON.parse(await text(process.stdin));
const answers = [];
for (const object of objects) {
  try {
    const Model = await modelOf(object.apiVersion, object.kind);
    new Model(object).validate();
    answers.push(null);
  } catch (error) {
    answers.push(error.message);
  }
}
process.stdout.write(JSON.stringify(answers));
