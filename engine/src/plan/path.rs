//! JSON paths in the style `engagement_programs[0].streams[1].cadence`,
//! built as a linked list on the stack and rendered only when an error
//! needs one.

use std::fmt;

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A position in the document: the root, or a key or index under a parent.
#[derive(Clone, Copy)]
pub(super) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl Path<'static> {
    pub const ROOT: Path<'static> = Path { parent: None, seg: Seg::Root };
}

impl<'a> Path<'a> {
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), seg: Seg::Key(key) }
    }

    pub fn index(&self, i: usize) -> Path<'_> {
        Path { parent: Some(self), seg: Seg::Index(i) }
    }

    pub fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segs.push(p.seg);
            at = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Key(k) if is_identifier(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Key(k) => {
                    out.push('[');
                    out.push_str(&serde_json::Value::from(*k).to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

fn is_identifier(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_paths_render_like_the_spec() {
        let root = Path::ROOT;
        let eps = root.key("engagement_programs");
        let ep = eps.index(0);
        let streams = ep.key("streams");
        let s = streams.index(1);
        let c = s.key("cadence");
        let days = c.key("days");
        assert_eq!(days.index(0).render(), "engagement_programs[0].streams[1].cadence.days[0]");
        let b = root.key("behavior");
        let content = b.key("content");
        assert_eq!(content.key("e-welcome").render(), "behavior.content[\"e-welcome\"]");
        assert_eq!(content.key("e_1").render(), "behavior.content.e_1");
        assert_eq!(root.key("").render(), "[\"\"]");
        assert_eq!(root.render(), "");
    }
}
