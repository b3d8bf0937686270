// Finding the `onbrand` binary, and downloading the release binary when there is none.
//
// No `vscode` import here: the logic is plain Node.js so that it is tested without an editor
// (test/binary.test.ts). The archives are the ones `scripts/package-release` makes for every
// release: `onbrand-TARGET.tar.gz` (`.zip` on Windows) beside a `.sha256` in sha256sum format.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the latest release's files are published. */
export const RELEASE_URL = "https://github.com/onbrand-dev/onbrand/releases/latest/download";

/** The release target for a Node.js platform and architecture, or undefined when none is built. */
export function releaseTarget(platform: string, arch: string): string | undefined {
  const targets: Record<string, string> = {
    "linux-x64": "x86_64-unknown-linux-musl",
    "linux-arm64": "aarch64-unknown-linux-musl",
    "darwin-x64": "x86_64-apple-darwin",
    "darwin-arm64": "aarch64-apple-darwin",
    "win32-x64": "x86_64-pc-windows-msvc",
  };
  return targets[`${platform}-${arch}`];
}

function executableName(platform: string): string {
  return platform === "win32" ? "onbrand.exe" : "onbrand";
}

/** The first `onbrand` executable in the folders of `searchPath`, or undefined. */
export async function findOnPath(
  searchPath: string | undefined,
  platform: string = process.platform
): Promise<string | undefined> {
  const separator = platform === "win32" ? ";" : ":";
  for (const folder of (searchPath ?? "").split(separator)) {
    if (!folder) continue;
    const candidate = path.join(folder, executableName(platform));
    try {
      await fs.access(candidate, platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** Where a downloaded binary lives inside the extension's storage folder. */
export function downloadedBinary(storage: string, target: string, platform: string): string {
  return path.join(storage, `onbrand-${target}`, executableName(platform));
}

async function fetchBytes(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Download the release archive for `target` from `baseUrl`, check its SHA-256 against the
 * published `.sha256`, unpack it into `storage` and return the binary's path. Nothing is
 * unpacked from an archive whose checksum does not match.
 */
export async function downloadRelease(
  baseUrl: string,
  target: string,
  storage: string,
  platform: string = process.platform
): Promise<string> {
  const archive = `onbrand-${target}${platform === "win32" ? ".zip" : ".tar.gz"}`;
  const [bytes, sums] = await Promise.all([
    fetchBytes(`${baseUrl}/${archive}`),
    fetchBytes(`${baseUrl}/${archive}.sha256`),
  ]);
  const expected = sums.toString("utf8").trim().split(/\s+/)[0];
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (expected !== actual) {
    throw new Error(`${archive}: checksum mismatch (expected ${expected}, got ${actual})`);
  }
  await fs.mkdir(storage, { recursive: true });
  const archivePath = path.join(storage, archive);
  await fs.writeFile(archivePath, bytes);
  try {
    // tar reads both formats: GNU/BSD tar on Linux and macOS, bsdtar (tar.exe) on Windows 10+.
    await run("tar", ["-xf", archivePath, "-C", storage]);
  } finally {
    await fs.rm(archivePath, { force: true });
  }
  const binary = downloadedBinary(storage, target, platform);
  if (platform !== "win32") {
    await fs.chmod(binary, 0o755);
  }
  return binary;
}
