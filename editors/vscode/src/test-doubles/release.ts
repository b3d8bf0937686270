// A stand-in for the GitHub release the extension downloads from: a folder laid out as
// scripts/package-release lays it out (`onbrand-TARGET.tar.gz` holding
// `onbrand-TARGET/onbrand`, beside its `.sha256`), served over local HTTP.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** A release folder for `target` whose archive holds `script` as the `onbrand` binary. */
export async function releaseFolder(target: string, script: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "onbrand-release-"));
  const stage = path.join(root, "stage", `onbrand-${target}`);
  await fs.mkdir(stage, { recursive: true });
  // Not executable in the archive: the download must make it so.
  await fs.writeFile(path.join(stage, "onbrand"), script, { mode: 0o644 });
  const archive = path.join(root, `onbrand-${target}.tar.gz`);
  execFileSync("tar", ["-czf", archive, "-C", path.join(root, "stage"), `onbrand-${target}`]);
  const digest = createHash("sha256").update(await fs.readFile(archive)).digest("hex");
  await fs.writeFile(`${archive}.sha256`, `${digest}  onbrand-${target}.tar.gz\n`);
  return root;
}

/** Serves the files of `folder` by name on a free local port. */
export async function serve(folder: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    fs.readFile(path.join(folder, path.basename(request.url ?? "")))
      .then((body) => response.end(body))
      .catch(() => {
        response.statusCode = 404;
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
