//! Byte searches eight bytes at a time, in one `u64` ("SIMD within a register").
//!
//! Prose is read byte by byte in a few hot places: the language detector's runs of letters,
//! the skip to the next quotation mark, the skip to the next sentence terminator. Their runs are
//! a few to a few dozen bytes long, too short for `memchr`'s vector setup to pay and too varied
//! for its two or three needles, and a loop over single bytes spent five or six instructions a
//! byte. Here each chunk of eight bytes becomes a mask with the top bit of every byte that
//! matches set, in a handful of arithmetic instructions and without carries between bytes, and
//! the first match is its trailing zeros.

/// The top bit of each of eight bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// The seven low bits of each of eight bytes.
const LOW_BITS: u64 = !HIGH_BITS;
/// `1` in each of eight bytes: times a byte, that byte eight times.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The top bit of each byte of `chunk` set where the byte is `byte`.
///
/// Exact for every byte: the low seven bits are compared by adding `0x7F` (which reaches the top
/// bit unless they are all zero, and never carries into the next byte), the top bit directly.
pub(crate) fn equal(chunk: u64, byte: u8) -> u64 {
    let diff = chunk ^ (ONES * u64::from(byte));
    !(((diff & LOW_BITS) + LOW_BITS) | diff) & HIGH_BITS
}

/// The top bit of each byte of `chunk` set where the byte is not ASCII.
pub(crate) fn non_ascii(chunk: u64) -> u64 {
    chunk & HIGH_BITS
}

/// The top bit of each byte of `chunk` set where the byte is an ASCII letter.
///
/// Each byte is lower-cased (`| 0x20`, which maps exactly the upper-case letters onto the
/// lower-case ones) and kept to seven bits, so that adding to it never carries into the next
/// byte; then `b + 0x1F` reaches the top bit from `a` on and `b + 0x05` from after `z` on.
/// A byte with its top bit set is no ASCII character and so no letter.
pub(crate) fn ascii_letters(chunk: u64) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    const FROM_A: u64 = ONES * (0x80 - b'a' as u64);
    const AFTER_Z: u64 = ONES * (0x80 - (b'z' as u64 + 1));
    let lower = (chunk | LOWER) & LOW_BITS;
    (lower + FROM_A) & !(lower + AFTER_Z) & !chunk & HIGH_BITS
}

/// The index of the first byte of `bytes` that `matches` marks (see the mask functions above),
/// or `bytes.len()` when there is none. `is_match` answers the same for one byte, for the last
/// few bytes that make no whole chunk.
pub(crate) fn find(
    bytes: &[u8],
    matches: impl Fn(u64) -> u64,
    is_match: impl Fn(u8) -> bool,
) -> usize {
    let mut at = 0;
    while let Some(chunk) = bytes
        .get(at..at + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
    {
        let found = matches(u64::from_le_bytes(chunk));
        if found != 0 {
            // Little-endian: the first byte is the lowest; its top bit is bit 7.
            return at + found.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest.iter().position(|&b| is_match(b)).unwrap_or(rest.len())
}

/// A mask as one bit per byte: bit `i` set when byte `i` is marked.
///
/// The marked bytes' top bits moved down to bit 0 of each byte, a multiplication gathers
/// them into the top byte: byte `i` times the constant's byte `7 - i` (`1 << i`) lands on
/// bit `56 + i`, and no two products share a bit, so nothing carries.
pub(crate) fn bits(mask: u64) -> u32 {
    const GATHER: u64 = 0x0102_0408_1020_4080;
    u32::try_from((mask >> 7).wrapping_mul(GATHER) >> 56).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes a mask marks, one by one.
    fn marked(mask: u64) -> [bool; 8] {
        std::array::from_fn(|i| mask >> (i * 8 + 7) & 1 == 1)
    }

    /// Every byte value in every position of a chunk of varied neighbours is marked exactly
    /// when the one-byte test says so.
    #[test]
    fn masks_mark_exactly_their_bytes() {
        for byte in 0..=u8::MAX {
            for position in 0..8 {
                let mut chunk = [b'a', b'Z', b'"', 0xC3, b'@', b'[', 0xFF, 0];
                chunk[position] = byte;
                let word = u64::from_le_bytes(chunk);
                let expect = |test: fn(u8) -> bool| chunk.map(test);
                assert_eq!(
                    marked(ascii_letters(word)),
                    expect(|b| b.is_ascii_alphabetic())
                );
                assert_eq!(marked(non_ascii(word)), expect(|b| !b.is_ascii()));
                assert_eq!(
                    marked(!ascii_letters(word) & HIGH_BITS),
                    expect(|b| !b.is_ascii_alphabetic())
                );
                for needle in [b'"', b'.', 0, 0x80, 0xFF, b'\n'] {
                    assert_eq!(
                        marked(equal(word, needle)),
                        chunk.map(|b| b == needle),
                        "{needle} in {chunk:?}"
                    );
                }
            }
        }
    }

    /// Every combination of marked bytes comes out as its bits.
    #[test]
    fn bits_are_one_per_byte_in_order() {
        for pattern in 0..=u8::MAX {
            let chunk: [u8; 8] =
                std::array::from_fn(|i| if pattern >> i & 1 == 1 { b'x' } else { b' ' });
            assert_eq!(
                bits(ascii_letters(u64::from_le_bytes(chunk))),
                u32::from(pattern)
            );
        }
    }

    /// `find` gives what a search byte by byte gives, at every length and offset.
    #[test]
    fn find_is_a_byte_search() {
        let text = "Say \"hi\" to Grüße, then...\nwait?! 你好 ok".as_bytes();
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text[start..end];
                let quote = |b: u8| b == b'"' || !b.is_ascii();
                assert_eq!(
                    find(bytes, |c| equal(c, b'"') | non_ascii(c), quote),
                    bytes.iter().position(|&b| quote(b)).unwrap_or(bytes.len())
                );
                let letter = |b: u8| !b.is_ascii_alphabetic();
                assert_eq!(
                    find(bytes, |c| !ascii_letters(c) & HIGH_BITS, letter),
                    bytes.iter().position(|&b| letter(b)).unwrap_or(bytes.len())
                );
            }
        }
    }
}
