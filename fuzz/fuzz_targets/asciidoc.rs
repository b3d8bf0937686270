#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| onbrand_fuzz::lint_bytes(
    onbrand::document::Format::AsciiDoc,
    data
));
