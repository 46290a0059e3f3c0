// The core returns errors as values ({code, message}); here they become what the W3C spec names.
// DOMException is a global in browsers, workers, Deno and Node >= 17.

const DOM_NAMES = {
  NotSupported: 'NotSupportedError',
  InvalidState: 'InvalidStateError',
  InvalidAccess: 'InvalidAccessError',
  OperationFailed: 'OperationError',
  InvalidModification: 'InvalidModificationError',
};

/** A DOMException with the given spec name, e.g. domError('InvalidStateError', 'closed'). */
export function domError(name, message) {
  return new DOMException(message, name);
}

/** Turns a core error value into an Error to throw or reject with. */
export function fromCoreError({ code, message }) {
  if (code === 'InvalidArgument') return new TypeError(message);
  return domError(DOM_NAMES[code] || 'OperationError', message);
}
