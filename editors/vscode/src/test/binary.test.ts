// The binary lookup and the release download, against a local HTTP server serving an archive
// laid out as scripts/package-release lays it out (src/test-doubles/release.ts).

import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as assert from "node:assert/strict";

import { downloadRelease, downloadedBinary, findOnPath, releaseTarget } from "../binary";
import { releaseFolder, serve } from "../test-doubles/release";

const TARGET = "x86_64-unknown-linux-musl";

/** The released "binary": a script that prints a version. */
const PRINTS_VERSION = "#!/bin/sh\necho 'onbrand 0.1.0'\n";

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
  const release = await releaseFolder(TARGET, PRINTS_VERSION);
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
  const release = await releaseFolder(TARGET, PRINTS_VERSION);
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
