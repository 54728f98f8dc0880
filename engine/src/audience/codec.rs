//! The binary form of an audience: one little-endian buffer per column, as
//! the app stores them in IndexedDB (typed arrays, no JSON) and hands them
//! to the simulation worker (transferable buffers).
//!
//! Buffers, for `n` people, `z` zones and a dictionary of `d` texts:
//!
//! | name | content |
//! |---|---|
//! | `meta` | `"EPAU"`, then `u32`s: format version (1), `n`, `z`, the number of attribute columns; then per attribute column: kind (`u8`: 0 text, 1 number, 2 yes/no), name length (`u32`), name (UTF-8) |
//! | `ids`, `ids_offsets` | the ids back to back (UTF-8); `n + 1` `u32` offsets, the first 0, the last the byte length |
//! | `emails`, `emails_offsets`, `emails_present` | the same (an absent email is empty), and a bitmap |
//! | `zone_names`, `zone_names_offsets` | the IANA names of the zones in use, as above (`z + 1` offsets) |
//! | `zones` | `n` `u16`: 0 = none (the workspace zone), `k` = zone `k - 1` |
//! | `unsubscribed`, `marketing_suspended`, `email_invalid` | bitmaps |
//! | `attr:NAME:text`, `attr:NAME:text:dict`, `attr:NAME:text:dict_offsets` | `n` `u32` codes (0 missing, `k` = text `k - 1`); the distinct texts as above (`d + 1` offsets) |
//! | `attr:NAME:number`, `attr:NAME:number:present` | `n` `f64`; a bitmap |
//! | `attr:NAME:yesno`, `attr:NAME:yesno:present` | a bitmap of values; a bitmap of presence |
//!
//! A bitmap has `ceil(n / 8)` bytes, person `i` at bit `i % 8` of byte
//! `i / 8`, padding bits zero. [`decode`] checks every length, offset, code,
//! bitmap, UTF-8 string, zone name, the uniqueness of ids and of dictionary
//! texts and the one-value-per-name rule, and reports the first problem: it
//! reads whatever storage hands back and never panics.

use super::columns::{Bits, Strings};
use super::index::IdIndex;
use super::{AttrColumn, AttrData, AttrKind, Audience};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

/// The version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 4] = b"EPAU";

/// Why buffers are not an audience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The buffer at fault, when one is.
    pub buffer: Option<String>,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.buffer {
            Some(b) => write!(f, "audience buffer {b:?}: {}", self.message),
            None => write!(f, "audience: {}", self.message),
        }
    }
}

impl std::error::Error for DecodeError {}

fn err(buffer: &str, message: impl Into<String>) -> DecodeError {
    DecodeError { buffer: Some(buffer.to_owned()), message: message.into() }
}

fn attr_buffer(name: &str, kind: AttrKind, suffix: &str) -> String {
    format!("attr:{name}:{}{suffix}", kind.name())
}

fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn push_strings(out: &mut Vec<(String, Vec<u8>)>, name: &str, s: &Strings) {
    out.push((name.to_owned(), s.text.as_bytes().to_vec()));
    out.push((format!("{name}_offsets"), u32s(&s.offsets)));
}

impl Audience {
    /// The audience as named little-endian buffers (see the module docs).
    pub fn encode(&self) -> Vec<(String, Vec<u8>)> {
        let mut meta = Vec::new();
        meta.extend_from_slice(MAGIC);
        for v in [FORMAT_VERSION, self.len() as u32, self.zone_table.len() as u32, self.attrs.len() as u32] {
            meta.extend_from_slice(&v.to_le_bytes());
        }
        for c in &self.attrs {
            meta.push(c.kind().code());
            meta.extend_from_slice(&(c.name.len() as u32).to_le_bytes());
            meta.extend_from_slice(c.name.as_bytes());
        }
        let mut out = vec![("meta".to_owned(), meta)];
        push_strings(&mut out, "ids", &self.ids);
        push_strings(&mut out, "emails", &self.emails);
        out.push(("emails_present".into(), self.has_email.to_bytes()));
        let mut zones = Strings::new();
        for z in &self.zone_table {
            // Zone names are short: a push cannot overflow.
            let _ = zones.push(z.name());
        }
        push_strings(&mut out, "zone_names", &zones);
        out.push(("zones".into(), self.zones.iter().flat_map(|z| z.to_le_bytes()).collect()));
        out.push(("unsubscribed".into(), self.unsubscribed.to_bytes()));
        out.push(("marketing_suspended".into(), self.suspended.to_bytes()));
        out.push(("email_invalid".into(), self.invalid.to_bytes()));
        for c in &self.attrs {
            let kind = c.kind();
            match &c.data {
                AttrData::Text { dict, codes } => {
                    out.push((attr_buffer(&c.name, kind, ""), u32s(codes)));
                    push_strings(&mut out, &attr_buffer(&c.name, kind, ":dict"), dict);
                }
                AttrData::Number { present, values } => {
                    out.push((attr_buffer(&c.name, kind, ""), values.iter().flat_map(|v| v.to_le_bytes()).collect()));
                    out.push((attr_buffer(&c.name, kind, ":present"), present.to_bytes()));
                }
                AttrData::YesNo { present, values } => {
                    out.push((attr_buffer(&c.name, kind, ""), values.to_bytes()));
                    out.push((attr_buffer(&c.name, kind, ":present"), present.to_bytes()));
                }
            }
        }
        out
    }

    /// Reads buffers written by [`Audience::encode`], in any order. Every
    /// buffer must be there, of the right size and content, and no other.
    pub fn decode<S: AsRef<str>, B: AsRef<[u8]>>(buffers: &[(S, B)]) -> Result<Audience, DecodeError> {
        decode(buffers.iter().map(|(s, b)| (s.as_ref(), b.as_ref())))
    }
}

/// Reads buffers written by [`Audience::encode`] (see the module docs).
pub fn decode<'a>(buffers: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<Audience, DecodeError> {
    let mut map: HashMap<&str, &[u8]> = HashMap::new();
    for (name, bytes) in buffers {
        if map.insert(name, bytes).is_some() {
            return Err(err(name, "appears twice"));
        }
    }
    let mut r = Reader { map };

    let meta = r.take("meta")?;
    let mut m = Cursor { buf: meta, at: 0 };
    if m.bytes(4) != Some(&MAGIC[..]) {
        return Err(err("meta", "not an audience (the magic bytes \"EPAU\" are missing)"));
    }
    let bad_meta = || err("meta", "truncated");
    let version = m.u32().ok_or_else(bad_meta)?;
    if version > FORMAT_VERSION {
        return Err(err(
            "meta",
            format!("format version {version} is newer than this program reads (version {FORMAT_VERSION}); update the app"),
        ));
    }
    if version == 0 {
        return Err(err("meta", "format version 0 does not exist"));
    }
    let n = m.u32().ok_or_else(bad_meta)? as usize;
    if n == u32::MAX as usize {
        return Err(err("meta", "too many people"));
    }
    let zone_count = m.u32().ok_or_else(bad_meta)? as usize;
    let attr_count = m.u32().ok_or_else(bad_meta)? as usize;
    let mut specs: Vec<(String, AttrKind)> = Vec::new();
    let mut seen = HashSet::new();
    for c in 0..attr_count {
        let kind = m.u8().ok_or_else(bad_meta)?;
        let kind = AttrKind::from_code(kind)
            .ok_or_else(|| err("meta", format!("attribute column {c}: unknown kind {kind}")))?;
        let len = m.u32().ok_or_else(bad_meta)? as usize;
        let name = m.bytes(len).ok_or_else(bad_meta)?;
        let name = std::str::from_utf8(name)
            .map_err(|_| err("meta", format!("attribute column {c}: the name is not UTF-8")))?
            .to_owned();
        if !seen.insert((name.clone(), kind)) {
            return Err(err("meta", format!("attribute {name:?} has two {kind} columns")));
        }
        specs.push((name, kind));
    }
    if m.at != meta.len() {
        return Err(err("meta", format!("{} bytes after the column list", meta.len() - m.at)));
    }

    let ids = r.strings("ids", n)?;
    if let Some(i) = (0..n).find(|&i| ids.get(i).is_empty()) {
        return Err(err("ids", format!("person {i} has an empty id")));
    }
    let index = IdIndex::build(&ids).map_err(|(first, second)| {
        err("ids", format!("persons {first} and {second} share the id {:?}", ids.get(first as usize)))
    })?;
    let emails = r.strings("emails", n)?;
    let has_email = r.bits("emails_present", n)?;
    if let Some(i) = (0..n).find(|&i| !has_email.get(i) && !emails.get(i).is_empty()) {
        return Err(err("emails", format!("person {i} has no email but a non-empty entry")));
    }
    let zone_names = r.strings("zone_names", zone_count)?;
    let mut zone_table = Vec::with_capacity(zone_count);
    for name in zone_names.iter() {
        let tz = crate::time::parse_time_zone(name).map_err(|e| err("zone_names", e))?;
        if zone_table.contains(&tz) {
            return Err(err("zone_names", format!("{name:?} listed twice")));
        }
        zone_table.push(tz);
    }
    let zones_raw = r.fixed("zones", n, 2)?;
    let zones: Vec<u16> = zones_raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    if let Some((i, z)) = zones.iter().enumerate().find(|(_, &z)| z as usize > zone_count) {
        return Err(err("zones", format!("person {i} has zone {z} of {zone_count}")));
    }
    let unsubscribed = r.bits("unsubscribed", n)?;
    let suspended = r.bits("marketing_suspended", n)?;
    let invalid = r.bits("email_invalid", n)?;

    let mut attrs = Vec::with_capacity(specs.len());
    for (name, kind) in &specs {
        let main = attr_buffer(name, *kind, "");
        let data = match kind {
            AttrKind::Text => {
                let dict_name = attr_buffer(name, *kind, ":dict");
                let dict = r.strings(&dict_name, usize::MAX)?;
                let mut distinct = HashSet::with_capacity(dict.len());
                if let Some(s) = dict.iter().find(|s| !distinct.insert(*s)) {
                    return Err(err(&dict_name, format!("{s:?} listed twice")));
                }
                let raw = r.fixed(&main, n, 4)?;
                let codes: Vec<u32> =
                    raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
                if let Some((i, k)) = codes.iter().enumerate().find(|(_, &k)| k as usize > dict.len()) {
                    return Err(err(&main, format!("person {i} has text {k} of {}", dict.len())));
                }
                AttrData::Text { dict, codes }
            }
            AttrKind::Number => {
                let raw = r.fixed(&main, n, 8)?;
                let present = r.bits(&attr_buffer(name, *kind, ":present"), n)?;
                let values = raw
                    .chunks_exact(8)
                    .enumerate()
                    .map(|(i, c)| {
                        let mut w = [0u8; 8];
                        w.copy_from_slice(c);
                        if present.get(i) {
                            f64::from_le_bytes(w)
                        } else {
                            0.0
                        }
                    })
                    .collect();
                AttrData::Number { present, values }
            }
            AttrKind::YesNo => {
                let values = r.bits(&main, n)?;
                let present = r.bits(&attr_buffer(name, *kind, ":present"), n)?;
                let values = Bits {
                    words: values.words.iter().zip(&present.words).map(|(v, p)| v & p).collect(),
                    len: n,
                };
                AttrData::YesNo { present, values }
            }
        };
        attrs.push(AttrColumn { name: name.clone(), data });
    }
    // One value per person and attribute name.
    let mut by_name: HashMap<&str, Vec<&AttrColumn>> = HashMap::new();
    for c in &attrs {
        by_name.entry(c.name.as_str()).or_default().push(c);
    }
    for (name, cols) in by_name.iter().filter(|(_, c)| c.len() > 1) {
        if let Some(i) = (0..n).find(|&i| cols.iter().filter(|c| c.is_present(i)).count() > 1) {
            return Err(DecodeError {
                buffer: None,
                message: format!("person {i} has two values for attribute {name:?}"),
            });
        }
    }
    if let Some(extra) = r.map.keys().min() {
        return Err(err(extra, "not a buffer of this format version"));
    }
    let index_cell = OnceLock::new();
    let _ = index_cell.set(index);
    Ok(Audience {
        ids,
        emails,
        has_email,
        zone_table,
        zones,
        unsubscribed,
        suspended,
        invalid,
        attrs,
        index: index_cell,
    })
}

struct Reader<'a> {
    map: HashMap<&'a str, &'a [u8]>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, name: &str) -> Result<&'a [u8], DecodeError> {
        self.map.remove(name).ok_or_else(|| err(name, "missing"))
    }

    /// A buffer of `count` items of `size` bytes.
    fn fixed(&mut self, name: &str, count: usize, size: usize) -> Result<&'a [u8], DecodeError> {
        let b = self.take(name)?;
        if Some(b.len()) != count.checked_mul(size) {
            return Err(err(name, format!("{} bytes, expected {count} × {size}", b.len())));
        }
        Ok(b)
    }

    fn bits(&mut self, name: &str, count: usize) -> Result<Bits, DecodeError> {
        let b = self.take(name)?;
        Bits::from_bytes(b, count).ok_or_else(|| {
            if b.len() != count.div_ceil(8) {
                err(name, format!("{} bytes, expected {} for {count} bits", b.len(), count.div_ceil(8)))
            } else {
                err(name, "a padding bit past the last person is set")
            }
        })
    }

    /// `name` and `name_offsets`: `count` strings (`usize::MAX`: any number).
    fn strings(&mut self, name: &str, count: usize) -> Result<Strings, DecodeError> {
        let text = self.take(name)?;
        let off_name = format!("{name}_offsets");
        let raw = self.take(&off_name)?;
        if raw.len() % 4 != 0 || raw.is_empty() {
            return Err(err(&off_name, format!("{} bytes, not a non-empty list of u32", raw.len())));
        }
        let offsets: Vec<u32> = raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        if count != usize::MAX && offsets.len() != count + 1 {
            return Err(err(&off_name, format!("{} offsets, expected {}", offsets.len(), count + 1)));
        }
        let text = std::str::from_utf8(text).map_err(|e| err(name, format!("not UTF-8 ({e})")))?;
        if offsets[0] != 0 {
            return Err(err(&off_name, "the first offset is not 0"));
        }
        if offsets[offsets.len() - 1] as usize != text.len() {
            return Err(err(&off_name, format!("the last offset is not the text length {}", text.len())));
        }
        for (i, w) in offsets.windows(2).enumerate() {
            if w[1] < w[0] {
                return Err(err(&off_name, format!("offset {} goes backwards", i + 1)));
            }
            if !text.is_char_boundary(w[1] as usize) {
                return Err(err(&off_name, format!("offset {} is past the end or splits a character", i + 1)));
            }
        }
        Ok(Strings { text: text.to_owned(), offsets })
    }
}

struct Cursor<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let b = self.buf.get(self.at..end)?;
        self.at = end;
        Some(b)
    }

    fn u8(&mut self) -> Option<u8> {
        self.bytes(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        self.bytes(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}
