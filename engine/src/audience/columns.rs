//! The two compact building blocks of every audience column: a list of
//! strings in one buffer, and a bit column.

/// Strings stored back to back in one buffer: string `i` is
/// `text[offsets[i]..offsets[i + 1]]`.
///
/// Invariants (kept by construction, checked by `codec::decode`):
/// `offsets[0] == 0`, offsets never decrease, the last one is `text.len()`,
/// and each one is a char boundary of `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Strings {
    pub(crate) text: String,
    pub(crate) offsets: Vec<u32>,
}

impl Default for Strings {
    fn default() -> Self {
        Strings::new()
    }
}

impl Strings {
    pub(crate) fn new() -> Strings {
        Strings { text: String::new(), offsets: vec![0] }
    }

    pub(crate) fn with_capacity(strings: usize, bytes: usize) -> Strings {
        let mut offsets = Vec::with_capacity(strings + 1);
        offsets.push(0);
        Strings { text: String::with_capacity(bytes), offsets }
    }

    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        &self.text[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Appends `s`. Fails, leaving the list unchanged, when the buffer would
    /// pass 4 GiB (offsets are `u32`: the browser's 32-bit memory could not
    /// hold that much anyway).
    pub(crate) fn push(&mut self, s: &str) -> Result<(), String> {
        let end = self.text.len() + s.len();
        let end = u32::try_from(end).map_err(|_| "more than 4 GiB of text in one column".to_string())?;
        self.text.push_str(s);
        self.offsets.push(end);
        Ok(())
    }

    /// Whether `s` can be appended (see [`Strings::push`]).
    pub(crate) fn fits(&self, s: &str) -> bool {
        u32::try_from(self.text.len() + s.len()).is_ok()
    }

    /// Removes the last string.
    pub(crate) fn pop(&mut self) {
        if self.offsets.len() > 1 {
            self.offsets.pop();
            let end = self.offsets[self.offsets.len() - 1] as usize;
            self.text.truncate(end);
        }
    }

    /// Appends the bytes written by `f` as one string (the generator writes
    /// ids and emails without a temporary `String`).
    pub(crate) fn push_with(&mut self, f: impl FnOnce(&mut String)) -> Result<(), String> {
        let before = self.text.len();
        f(&mut self.text);
        match u32::try_from(self.text.len()) {
            Ok(end) => {
                self.offsets.push(end);
                Ok(())
            }
            Err(_) => {
                self.text.truncate(before);
                Err("more than 4 GiB of text in one column".to_string())
            }
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.offsets.capacity() * 4
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.offsets.shrink_to_fit();
    }
}

/// A column of bits, 64 to a word; bit `i` is bit `i % 64` of word `i / 64`,
/// so the little-endian bytes of the words are the bitmap with bit `i` at
/// bit `i % 8` of byte `i / 8`. Bits past `len` are always zero.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bits {
    pub(crate) words: Vec<u64>,
    pub(crate) len: usize,
}

impl Bits {
    pub(crate) fn new() -> Bits {
        Bits::default()
    }

    pub(crate) fn with_capacity(bits: usize) -> Bits {
        Bits { words: Vec::with_capacity(bits.div_ceil(64)), len: 0 }
    }

    pub(crate) fn zeros(len: usize) -> Bits {
        Bits { words: vec![0; len.div_ceil(64)], len }
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    #[inline]
    pub(crate) fn set(&mut self, i: usize, v: bool) {
        let w = &mut self.words[i / 64];
        if v {
            *w |= 1 << (i % 64);
        } else {
            *w &= !(1 << (i % 64));
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: bool) {
        if self.len.is_multiple_of(64) {
            self.words.push(0);
        }
        self.len += 1;
        self.set(self.len - 1, v);
    }

    /// The bitmap bytes: `ceil(len / 8)` of them.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self.words.iter().flat_map(|w| w.to_le_bytes()).collect();
        out.truncate(self.len.div_ceil(8));
        out
    }

    /// Reads a bitmap of `len` bits; `None` when the length is wrong or a
    /// padding bit is set.
    pub(crate) fn from_bytes(bytes: &[u8], len: usize) -> Option<Bits> {
        if bytes.len() != len.div_ceil(8) {
            return None;
        }
        let mut words = Vec::with_capacity(len.div_ceil(64));
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            words.push(u64::from_le_bytes(w));
        }
        if !len.is_multiple_of(64) {
            if let Some(last) = words.last() {
                if last >> (len % 64) != 0 {
                    return None;
                }
            }
        }
        Some(Bits { words, len })
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        let mut s = Strings::new();
        for x in ["", "a", "héllo", ""] {
            s.push(x).unwrap();
        }
        assert_eq!(s.len(), 4);
        assert_eq!(s.iter().collect::<Vec<_>>(), ["", "a", "héllo", ""]);
    }

    #[test]
    fn bits_bytes_round_trip_and_padding() {
        let mut b = Bits::new();
        for i in 0..70 {
            b.push(i % 3 == 0);
        }
        let bytes = b.to_bytes();
        assert_eq!(bytes.len(), 9);
        assert_eq!(Bits::from_bytes(&bytes, 70), Some(b.clone()));
        assert_eq!(b.words.iter().map(|w| w.count_ones()).sum::<u32>(), 24);
        let mut bad = bytes.clone();
        bad[8] |= 0x80; // bit 71: padding
        assert_eq!(Bits::from_bytes(&bad, 70), None);
        assert_eq!(Bits::from_bytes(&bytes[..8], 70), None);
    }
}
