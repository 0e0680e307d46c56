/** One entry of ConnectWise's `errors` array (ValidationError). */
export interface FieldError {
  code: string;
  message: string;
  resource: string;
  field: string;
}

export interface ConnectWiseErrorBody {
  code: string;
  message: string;
  errors?: FieldError[];
}

/** An answer in ConnectWise's error shape; thrown by handlers, written by the app's error handler. */
export class ConnectWiseError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ConnectWiseErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = 'ConnectWiseError';
  }
}

/** As captured: {"code":"ConnectWiseApi","message":"The endpoint does not exist."} */
export function endpointNotFound(): ConnectWiseError {
  return new ConnectWiseError(404, { code: 'ConnectWiseApi', message: 'The endpoint does not exist.' });
}

/** As captured: {"code":"NotFound","message":"Contact 57919 not found"} */
export function recordNotFound(displayName: string, id: number | string): ConnectWiseError {
  return new ConnectWiseError(404, { code: 'NotFound', message: `${displayName} ${id} not found` });
}

/** As captured: {"code":"InvalidObject","message":"contact object is invalid","errors":[...]} */
export function invalidObject(objectName: string, errors: FieldError[]): ConnectWiseError {
  return new ConnectWiseError(400, {
    code: 'InvalidObject',
    message: `${objectName} object is invalid`,
    errors,
  });
}

/**
 * A request ConnectWise cannot read (bad query parameter, bad PATCH document, malformed JSON). No captured body
 * exists for these; ConnectWise answers 400 with its {code, message} shape, so the code here is a close analogue.
 */
export function badRequest(message: string): ConnectWiseError {
  return new ConnectWiseError(400, { code: 'BadRequest', message });
}

/** ASP.NET Web API's wording, which ConnectWise's API is built on. */
export function methodNotAllowed(method: string): ConnectWiseError {
  return new ConnectWiseError(405, {
    code: 'ConnectWiseApi',
    message: `The requested resource does not support http method '${method}'.`,
  });
}

export function unsupportedMediaType(contentType: string): ConnectWiseError {
  return new ConnectWiseError(415, {
    code: 'ConnectWiseApi',
    message: `The request entity's media type '${contentType}' is not supported for this resource.`,
  });
}
