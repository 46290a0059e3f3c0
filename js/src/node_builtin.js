// Node's built-in modules, for the code paths that run only in Node (sockets, DNS, TLS, the UDP
// thread, reading the .wasm). The specifier is built at run time and webpack and Vite are told to
// leave the import alone, so a bundler making a browser build of an application neither tries to
// resolve 'node:dgram' and friends nor fails on them (tests/js/bundler_webpack.test.js).
export function importNodeBuiltin(name) {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ `node:${name}`);
}
