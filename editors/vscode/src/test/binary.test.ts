// The binary lookup and the release download, against a local HTTP server serving an archive
// laid out as scripts/package-release lays it out (`node --test out/test/`).

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as assert from "node:assert/strict";

import { downloadRelease, downloadedBinary, findOnPath, releaseTarget } from "../binary";

const TARGET = "x86_64-unknown-linux-musl";

/** A release folder with a tiny stand-in binary, its archive and the archive's .sha256. */
async function releaseFolder(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "onbrand-release-"));
  const stage = path.join(root, "stage", `onbrand-${TARGET}`);
  await fs.mkdir(stage, { recursive: true });
  await fs.writeFile(path.join(stage, "onbrand"), "#!/bin/sh\necho 'onbrand 0.1.0'\n", { mode: 0o644 });
  const archive = path.join(root, `onbrand-${TARGET}.tar.gz`);
  execFileSync("tar", ["-czf", archive, "-C", path.join(root, "stage"), `onbrand-${TARGET}`]);
  const digest = createHash("sha256").update(await fs.readFile(archive)).digest("hex");
  await fs.writeFile(`${archive}.sha256`, `${digest}  onbrand-${TARGET}.tar.gz\n`);
  return root;
}

async function serve(folder: string): Promise<{ url: string; close: () => void }> {
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

test("every platform the release workflow builds has a target", () => {
  assert.equal(releaseTarget("linux", "x64"), "x86_64-unknown-linux-musl");
  assert.equal(releaseTarget("linux", "arm64"), "aarch64-unknown-linux-musl");
  assert.equal(releaseTarget("darwin", "arm64"), "aarch64-apple-darwin");
  assert.equal(releaseTarget("win32", "x64"), "x86_64-pc-windows-msvc");
  assert.equal(releaseTarget("freebsd", "x64"), undefined);
});

test("the binary is found on PATH, executable files only", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "onbrand-path-"));
  const [plain, bin] = [path.join(root, "plain"), path.join(root, "bin")];
  await fs.mkdir(plain);
  await fs.mkdir(bin);
  await fs.writeFile(path.join(plain, "onbrand"), "not executable", { mode: 0o644 });
  await fs.writeFile(path.join(bin, "onbrand"), "#!/bin/sh\n", { mode: 0o755 });
  assert.equal(await findOnPath(`${plain}:${bin}`, "linux"), path.join(bin, "onbrand"));
  assert.equal(await findOnPath(plain, "linux"), undefined);
  assert.equal(await findOnPath(undefined, "linux"), undefined);
});

test("a release is downloaded, checked and unpacked to a runnable binary", async () => {
  const release = await releaseFolder();
  const server = await serve(release);
  const storage = await fs.mkdtemp(path.join(os.tmpdir(), "onbrand-storage-"));
  try {
    const binary = await downloadRelease(server.url, TARGET, storage, "linux");
    assert.equal(binary, downloadedBinary(storage, TARGET, "linux"));
    assert.equal(execFileSync(binary).toString().trim(), "onbrand 0.1.0");
    // The archive itself is not left behind.
    assert.deepEqual(await fs.readdir(storage), [`onbrand-${TARGET}`]);
  } finally {
    server.close();
  }
});

test("an archive whose checksum does not match is refused and nothing is unpacked", async () => {
  const release = await releaseFolder();
  await fs.appendFile(path.join(release, `onbrand-${TARGET}.tar.gz`), "tampered");
  const server = await serve(release);
  const storage = await fs.mkdtemp(path.join(os.tmpdir(), "onbrand-storage-"));
  try {
    await assert.rejects(downloadRelease(server.url, TARGET, storage, "linux"), /checksum mismatch/);
    assert.deepEqual(await fs.readdir(storage), []);
  } finally {
    server.close();
  }
});

test("a missing release names the URL and the HTTP status", async () => {
  const server = await serve(await fs.mkdtemp(path.join(os.tmpdir(), "onbrand-empty-")));
  try {
    await assert.rejects(
      downloadRelease(server.url, TARGET, os.tmpdir(), "linux"),
      /onbrand-x86_64-unknown-linux-musl\.tar\.gz: HTTP 404/
    );
  } finally {
    server.close();
  }
});
