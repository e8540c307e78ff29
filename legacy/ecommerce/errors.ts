/**
 * Magento's webapi error dialect: `{"message":"... %1 ...","parameters":[...]}` with the placeholders left
 * for the client to fill, positional (`%1`) or named (`%fieldName`).
 */

export type MessageParameters = (string | number)[] | Record<string, string | number>;

export interface ErrorDetail {
  message: string;
  parameters?: MessageParameters;
}

export class MagentoError extends Error {
  constructor(
    readonly statusCode: number,
    readonly template: string,
    readonly parameters?: MessageParameters,
    readonly errors?: ErrorDetail[],
  ) {
    super(template);
  }

  body(): Record<string, unknown> {
    return {
      message: this.template,
      ...(this.parameters ? { parameters: this.parameters } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const requiredField = (fieldName: string) => new MagentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName });

export const invalidFieldValue = (fieldName: string, value: string | number) =>
  new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { value, fieldName });

/** What the webapi input processor says when a value cannot be cast to the service's parameter type. */
export const invalidType = (parameter: string, value: unknown, type: string) =>
  new MagentoError(
    400,
    `Error occurred during "${parameter}" processing. The "${String(value)}" value's type is invalid. The "${type}" type was expected. Verify and try again.`,
  );

export const noSuchEntity = (fieldName: string, fieldValue: string | number) =>
  new MagentoError(404, 'No such entity with %fieldName = %fieldValue', { fieldName, fieldValue });

/** Orders and credit memos: the repositories' generic not-found message, without parameters. */
export const entityNotFound = () => new MagentoError(404, "The entity that was requested doesn't exist. Verify the entity and try again.");

export const productNotFound = () =>
  new MagentoError(404, "The product that was requested doesn't exist. Verify the product and try again.");

export const notAuthorized = (resources: string) =>
  new MagentoError(401, "The consumer isn't authorized to access %resources.", { resources });

export const signInIncorrect = () =>
  new MagentoError(401, 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.');

export const invalidAttributeName = (fieldName: string) =>
  new MagentoError(400, 'The "%fieldName" attribute name is invalid. Reset the name and try again.', { fieldName });

export const badRequest = (message: string, parameters?: MessageParameters) => new MagentoError(400, message, parameters);
