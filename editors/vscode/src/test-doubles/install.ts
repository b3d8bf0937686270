// Importing this module makes `vscode` and `vscode-languageclient/node` resolve to the doubles
// in this folder, for every module loaded afterwards (src/extension.ts above all). Import it
// before anything that imports either: CommonJS runs imports in order.

import Module from "node:module";

const doubles: Record<string, string> = {
  vscode: require.resolve("./vscode"),
  "vscode-languageclient/node": require.resolve("./languageclient"),
};

// Module._resolveFilename is Node's internal hook from a require() string to a file; it is
// not in @types/node, hence the cast. Requests for anything else pass through unchanged.
const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return resolveFilename.call(this, doubles[request] ?? request, ...rest);
};
