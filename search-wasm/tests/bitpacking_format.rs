//! The posting lists and fast fields tantivy writes are packed by the `bitpacking` crate,
//! which compiles one of two variants of its block codecs: unrolled code per bit width
//! (release builds: `atlas`, which writes every index) or a loop over bit widths (builds with
//! debug assertions: the browser module, see `[profile.wasm-release.package.bitpacking]`,
//! and debug builds). Both must read and write the same bytes. This test holds whichever
//! variant it is built with to the format written out below, block by block, for every bit
//! width, plain and delta-coded:
//!
//!     cargo test -p search-wasm --test bitpacking_format            # the loop (browser)
//!     cargo test -p search-wasm --test bitpacking_format --release  # unrolled (atlas)

use bitpacking::{BitPacker, BitPacker1x, BitPacker4x};

/// Small deterministic generator (xorshift64*), so a failure can be replayed.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
    }

    /// A value below 2^bits.
    fn below(&mut self, bits: u8) -> u32 {
        match bits {
            0 => 0,
            32 => self.next(),
            _ => self.next() & ((1 << bits) - 1),
        }
    }

    /// `len` values below 2^bits, the largest using every bit (so exactly `bits` are needed).
    fn block(&mut self, len: usize, bits: u8) -> Vec<u32> {
        let mut values: Vec<u32> = (0..len).map(|_| self.below(bits)).collect();
        if bits > 0 {
            let at = self.next() as usize % len;
            values[at] |= 1 << (bits - 1);
        }
        values
    }
}

/// The format: value `i` of a block belongs to lane `i % lanes` (4 lanes for `BitPacker4x`,
/// 1 for `BitPacker1x`); each lane is a stream of `bits`-bit values, least significant bit
/// first, in 32-bit words; word `w` of lane `l` is word `w * lanes + l` of the block, stored
/// little-endian. A block of `n` values takes `n * bits / 8` bytes.
fn packed(values: &[u32], lanes: usize, bits: u8) -> Vec<u8> {
    let bits = usize::from(bits);
    let mut words = vec![0u32; lanes * bits];
    for (i, &v) in values.iter().enumerate() {
        let (lane, at) = (i % lanes, (i / lanes) * bits);
        let (word, shift) = (at / 32, at % 32);
        if bits == 0 {
            continue;
        }
        words[word * lanes + lane] |= v << shift;
        if shift + bits > 32 {
            words[(word + 1) * lanes + lane] |= v >> (32 - shift);
        }
    }
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Sorted values from their gaps: `gaps[0]` after `initial`, each next after the last, plus
/// `step` (1 for strictly increasing values coded as gap minus one, 0 otherwise).
fn integrate(initial: u32, gaps: &[u32], step: u32) -> Vec<u32> {
    let mut last = initial;
    gaps.iter()
        .map(|g| {
            last = last.wrapping_add(g.wrapping_add(step));
            last
        })
        .collect()
}

const SEEDS: [u64; 4] = [1, 0x9e37_79b9_7f4a_7c15, 0xdead_beef, 42];

#[test]
fn bitpacker4x_plain_blocks_are_the_format() {
    let packer = BitPacker4x::new();
    for seed in SEEDS {
        let mut numbers = Numbers(seed);
        for bits in 0..=32u8 {
            let values = numbers.block(BitPacker4x::BLOCK_LEN, bits);
            let expected = packed(&values, 4, bits);
            assert_eq!(packer.num_bits(&values), bits);
            let mut out = vec![0u8; 4 * BitPacker4x::BLOCK_LEN];
            let len = packer.compress(&values, &mut out, bits);
            assert_eq!(&out[..len], &expected[..], "{bits} bits");
            let mut back = vec![u32::MAX; BitPacker4x::BLOCK_LEN];
            assert_eq!(
                packer.decompress(&expected, &mut back, bits),
                expected.len()
            );
            assert_eq!(back, values, "{bits} bits");
        }
    }
}

#[test]
fn bitpacker4x_sorted_blocks_are_the_format() {
    let packer = BitPacker4x::new();
    for seed in SEEDS {
        let mut numbers = Numbers(seed);
        for bits in 0..=32u8 {
            let gaps = numbers.block(BitPacker4x::BLOCK_LEN, bits);
            let initial = numbers.next();
            let values = integrate(initial, &gaps, 0);
            let expected = packed(&gaps, 4, bits);
            assert_eq!(packer.num_bits_sorted(initial, &values), bits);
            let mut out = vec![0u8; 4 * BitPacker4x::BLOCK_LEN];
            let len = packer.compress_sorted(initial, &values, &mut out, bits);
            assert_eq!(&out[..len], &expected[..], "{bits} bits");
            let mut back = vec![0u32; BitPacker4x::BLOCK_LEN];
            assert_eq!(
                packer.decompress_sorted(initial, &expected, &mut back, bits),
                expected.len()
            );
            assert_eq!(back, values, "{bits} bits");
        }
    }
}

#[test]
fn bitpacker4x_strictly_sorted_blocks_are_the_format() {
    let packer = BitPacker4x::new();
    for seed in SEEDS {
        let mut numbers = Numbers(seed);
        for bits in 0..=32u8 {
            let gaps = numbers.block(BitPacker4x::BLOCK_LEN, bits);
            // tantivy passes no initial value for a list's first block (coded as if it
            // followed u32::MAX, so its first value is its own gap).
            for initial in [None, Some(numbers.next())] {
                let values = integrate(initial.unwrap_or(u32::MAX), &gaps, 1);
                let expected = packed(&gaps, 4, bits);
                assert_eq!(packer.num_bits_strictly_sorted(initial, &values), bits);
                let mut out = vec![0u8; 4 * BitPacker4x::BLOCK_LEN];
                let len = packer.compress_strictly_sorted(initial, &values, &mut out, bits);
                assert_eq!(&out[..len], &expected[..], "{bits} bits, {initial:?}");
                let mut back = vec![0u32; BitPacker4x::BLOCK_LEN];
                assert_eq!(
                    packer.decompress_strictly_sorted(initial, &expected, &mut back, bits),
                    expected.len()
                );
                assert_eq!(back, values, "{bits} bits, {initial:?}");
            }
        }
    }
}

#[test]
fn bitpacker1x_blocks_are_the_format() {
    let packer = BitPacker1x::new();
    for seed in SEEDS {
        let mut numbers = Numbers(seed);
        for bits in 0..=32u8 {
            let values = numbers.block(BitPacker1x::BLOCK_LEN, bits);
            let expected = packed(&values, 1, bits);
            assert_eq!(packer.num_bits(&values), bits);
            let mut out = vec![0u8; 4 * BitPacker1x::BLOCK_LEN];
            let len = packer.compress(&values, &mut out, bits);
            assert_eq!(&out[..len], &expected[..], "{bits} bits");
            // tantivy-bitpacker decodes from the middle of a longer buffer.
            let mut longer = expected.clone();
            longer.extend_from_slice(&[0xa5; 8]);
            let mut back = vec![u32::MAX; BitPacker1x::BLOCK_LEN];
            assert_eq!(packer.decompress(&longer, &mut back, bits), expected.len());
            assert_eq!(back, values, "{bits} bits");
        }
    }
}
