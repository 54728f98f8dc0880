//! RFC 4180 fields with `\n` line ends (plan-format "The send log").

use std::borrow::Cow;

/// A field, quoted only when it holds a comma, a double quote or a line
/// break.
pub fn field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// A record: fields joined by commas, then `\n`.
pub fn record(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("e1"), "e1");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        let mut s = String::new();
        record(&mut s, &["x", "y,z", ""]);
        assert_eq!(s, "x,\"y,z\",\n");
    }
}
