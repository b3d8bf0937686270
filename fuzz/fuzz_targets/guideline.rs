#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| onbrand_fuzz::compile_guideline(data));
