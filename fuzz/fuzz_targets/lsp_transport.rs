#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| onbrand_fuzz::lsp_frames(data));
