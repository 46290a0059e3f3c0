// WebIDL event handler attributes (onopen, onmessage, ...): a property per event type whose value
// is one listener, registered like addEventListener and replaced when set again.
export function defineEventHandlers(prototype, types) {
  for (const type of types) {
    const key = Symbol(`on${type}`);
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get() { return this[key]?.handler ?? null; },
      set(handler) {
        if (this[key]) this.removeEventListener(type, this[key].listener);
        if (typeof handler !== 'function') {
          this[key] = null;
          return;
        }
        const listener = (event) => handler.call(this, event);
        this[key] = { handler, listener };
        this.addEventListener(type, listener);
      },
    });
  }
}
