//! Mutated real documents, linted under a time and a memory limit: a seeded generator cuts,
//! splices, joins lines and inserts the bytes parsers trip over (brackets, comment markers,
//! NUL, invalid UTF-8) into files of the corpus in `../shared/corpus`, and every mutant must
//! lint without a panic, in bounded CPU time and with memory proportional to its size.
//! The same generator with `ONBRAND_PROPERTY_CASES=N` runs longer by hand.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)] // only the document target is used here
mod fuzz_inputs;

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use onbrand::document::Format;

/// Counts live and peak heap bytes, to bound a lint's memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on as it came.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// xorshift64*: a small seeded generator, so that a failure names the seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that open or close structure in one of the formats.
const TRIGGERS: &[&[u8]] = &[
    b"{",
    b"}",
    b"<",
    b">",
    b"<!--",
    b"-->",
    b"{/*",
    b"*/}",
    b"```",
    b"---\n",
    b"\0",
    b"\xff",
    b"\xe2\x82",
    b"<div>",
    b"</p>",
    b"[",
    b"](",
    b"\r\n",
    b"--boundary\r\n",
    b"=?utf-8?q?",
    b"\\",
    b"<!-- onbrand-disable -->",
    b"<!-- onbrand-enable x -->",
    b"import x from 'y'\n",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 => {
                let trigger = TRIGGERS[rng.below(TRIGGERS.len())];
                let most = if rng.below(4) == 0 { 2_000 } else { 3 };
                let times = 1 + rng.below(most);
                let burst: Vec<u8> = trigger.repeat(times);
                out.splice(at..at, burst);
            }
            1 => out.truncate(at),
            2 => {
                // Splice a copy of another stretch here.
                let from = rng.below(out.len() + 1);
                let len = rng.below(out.len() - from + 1).min(64 * 1024);
                let copy = out[from..from + len].to_vec();
                out.splice(at..at, copy);
            }
            3 => {
                // Join every line into one (minified content).
                out.retain(|&b| b != b'\n' && b != b'\r');
            }
            4 => {
                if let Some(byte) = out.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            _ => {
                let end = (at + rng.below(256)).min(out.len());
                out.drain(at..end);
            }
        }
    }
    out
}

fn thread_cpu_time() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec; the clock id is a constant of the platform.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

#[test]
fn mutated_corpus_files_lint_in_bounded_time_and_memory() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let mut files: Vec<_> = walk(&corpus)
        .into_iter()
        .filter(|path| Format::from_path(path).is_some())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "documents in {}", corpus.display());
    let cases: usize = std::env::var("ONBRAND_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let mut rng = Rng(0x0b5e_55ed_f00d_cafe);
    for case in 0..cases {
        let seed = rng.next() | 1;
        let mut case_rng = Rng(seed);
        let path = &files[case_rng.below(files.len())];
        let original = std::fs::read(path).expect("corpus file");
        let mutant = mutate(&mut case_rng, &original);
        let format = Format::from_path(path).unwrap_or(Format::Text);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = thread_cpu_time();
        let outcome = std::panic::catch_unwind(|| fuzz_inputs::lint_bytes(format, &mutant));
        let spent = thread_cpu_time() - start;
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        let what = format!(
            "case {case} (seed {seed:#x}): {} mutated to {} bytes",
            path.display(),
            mutant.len()
        );
        assert!(outcome.is_ok(), "{what}: panicked");
        // Debug builds of onbrand lint about 1 MB a second; ten seconds is a hang.
        assert!(
            spent < Duration::from_secs(10),
            "{what}: {spent:?} of CPU time"
        );
        assert!(
            peak < 400 * mutant.len() + (64 << 20),
            "{what}: {} MB at the peak",
            peak >> 20
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
