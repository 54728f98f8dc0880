//! The rules the engine follows, read from the spec the app is built
//! with (`docs/spec/engagement-rules.md`, compiled in), and the readings of
//! `docs/spec-notes.md`, for the "Rules and assumptions" page. Pure, tested
//! natively: the page lists exactly the spec's rules, so it cannot drift
//! from it.

/// The spec, as compiled in.
pub const SPEC: &str = include_str!("../docs/spec/engagement-rules.md");
/// The readings where the spec leaves a gap.
pub const NOTES: &str = include_str!("../docs/spec-notes.md");

/// Rules that are this product's own choices rather than Marketo's
/// documented behaviour, with what the page says about them.
const MARKED: [(&str, Mark); 2] = [
    ("R-SC-1", Mark::Formula),
    ("R-TR-4", Mark::BeyondMarketo),
];

/// What the page marks a rule as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The spec says **assumption**: Marketo does not document it.
    Assumption,
    /// The engagement score formula: this product's transparent formula.
    Formula,
    /// Goes beyond what Marketo offers.
    BeyondMarketo,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Assumption => "Assumption",
            Mark::Formula => "This product's transparent formula",
            Mark::BeyondMarketo => "Beyond Marketo",
        }
    }
}

/// One rule of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `R-CA-4`.
    pub id: String,
    /// The first sentence, as plain text.
    pub summary: String,
    /// The whole rule, as plain text.
    pub text: String,
    pub marks: Vec<Mark>,
    /// The sentence that states the assumption, when the rule has one.
    pub assumption: Option<String>,
}

/// A section of the spec ("4. Cadence (when casts happen)") and its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub rules: Vec<Rule>,
}

/// A reading of `spec-notes.md`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub number: String,
    /// The rules (or places) it concerns, as written ("R-CA-7, R-CS-4").
    pub place: String,
    pub question: String,
    pub answer: String,
}

impl Reading {
    /// The rule ids the reading names.
    pub fn rule_ids(&self) -> Vec<String> {
        rule_ids_in(&self.place)
    }
}

fn rule_ids_in(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("R-") && w.len() > 4)
        .map(str::to_owned)
        .collect()
}

/// Markdown to plain text: no `**`, backticks or links' brackets.
pub fn plain(md: &str) -> String {
    let s = md.replace("**", "").replace('`', "");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of a text: up to the first `. ` followed by a capital
/// letter or a digit (so "e.g. this" does not end it), or all of it.
pub fn first_sentence(text: &str) -> String {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'.' && b.get(i + 1) == Some(&b' ') {
            let next = text[i + 2..].chars().next();
            let before = &text[..i];
            let abbreviation = before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("vs");
            if !abbreviation && next.is_some_and(|c| c.is_uppercase() || c == '(') {
                return text[..=i].to_owned();
            }
        }
    }
    text.to_owned()
}

/// The sentence of `text` that contains `word` (case-insensitive).
fn sentence_with(text: &str, word: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(word)?;
    let start = text[..at].rfind(". ").map_or(0, |i| i + 2);
    let end = text[at..].find(". ").map_or(text.len(), |i| at + i + 1);
    Some(text[start..end].trim().to_owned())
}

/// The spec's sections and rules, in order.
pub fn sections() -> Vec<Section> {
    parse_spec(SPEC)
}

/// Parses the spec's markdown: `## ` headings are sections, list items that
/// start with `**R-…**` are rules (continuation lines are indented).
pub fn parse_spec(md: &str) -> Vec<Section> {
    let mut out: Vec<Section> = vec![];
    let mut current: Option<(String, String)> = None; // (id, markdown text)
    let flush = |out: &mut Vec<Section>, current: &mut Option<(String, String)>| {
        if let (Some((id, md)), Some(section)) = (current.take(), out.last_mut()) {
            let text = plain(&md);
            let assumption = sentence_with(&text, "assumption");
            let mut marks = vec![];
            if assumption.is_some() {
                marks.push(Mark::Assumption);
            }
            marks.extend(MARKED.iter().filter(|(r, _)| *r == id).map(|(_, m)| *m));
            section.rules.push(Rule { summary: first_sentence(&text), text, marks, assumption, id });
        }
    };
    for line in md.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            flush(&mut out, &mut current);
            out.push(Section { title: title.trim().to_owned(), rules: vec![] });
        } else if let Some(rest) = line.strip_prefix("- **R-") {
            flush(&mut out, &mut current);
            if let Some((id, text)) = rest.split_once("**") {
                current = Some((format!("R-{id}"), text.trim().to_owned()));
            }
        } else if line.starts_with("  ") && current.is_some() {
            if let Some((_, text)) = current.as_mut() {
                text.push(' ');
                text.push_str(line.trim());
            }
        } else if !line.trim().is_empty() {
            flush(&mut out, &mut current);
        }
    }
    flush(&mut out, &mut current);
    out.retain(|s| !s.rules.is_empty());
    out
}

/// The readings of `spec-notes.md` (its table's rows).
pub fn readings() -> Vec<Reading> {
    parse_notes(NOTES)
}

pub fn parse_notes(md: &str) -> Vec<Reading> {
    md.lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            match cells.as_slice() {
                [n, place, q, a] if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => Some(Reading {
                    number: (*n).to_owned(),
                    place: plain(place),
                    question: plain(q),
                    answer: plain(a),
                }),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str) -> Rule {
        sections().into_iter().flat_map(|s| s.rules).find(|r| r.id == id).unwrap()
    }

    #[test]
    fn every_rule_of_the_spec_is_listed_once_with_a_summary() {
        let all: Vec<Rule> = sections().into_iter().flat_map(|s| s.rules).collect();
        // Every "- **R-" bullet of the spec.
        let bullets = SPEC.lines().filter(|l| l.starts_with("- **R-")).count();
        assert_eq!(all.len(), bullets);
        assert!(all.len() > 50, "{}", all.len());
        let mut ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "ids are unique");
        for r in &all {
            assert!(!r.summary.is_empty() && r.summary.len() <= r.text.len(), "{}", r.id);
            assert!(!r.text.contains("**") && !r.text.contains('`'), "{}", r.id);
        }
        assert_eq!(sections()[0].title, "1. Workspace and programs");
    }

    #[test]
    fn the_assumptions_and_the_formula_are_marked() {
        let ca4 = rule("R-CA-4");
        assert!(ca4.marks.contains(&Mark::Assumption));
        assert!(ca4.assumption.as_deref().unwrap().contains("past the month's end casts on the month's last day"));
        let cs6 = rule("R-CS-6");
        assert!(cs6.marks.contains(&Mark::Assumption));
        assert!(cs6.assumption.as_deref().unwrap().contains("not consumed"));
        let sc1 = rule("R-SC-1");
        assert_eq!(sc1.marks, [Mark::Formula]);
        assert!(sc1.text.contains("index = 0.4 * (r_open / b_open)"));
        assert!(rule("R-TR-4").marks.contains(&Mark::BeyondMarketo));
        assert!(rule("R-EP-1").marks.is_empty());
        assert_eq!(rule("R-EP-1").summary, "At most 100 active engagement programs per workspace.");
    }

    #[test]
    fn readings_come_from_the_notes_table() {
        let r = readings();
        assert!(r.len() >= 12);
        assert_eq!(r[0].number, "1");
        assert_eq!(r[0].rule_ids(), ["R-CA-7", "R-CS-4"]);
        assert!(r.iter().any(|x| x.rule_ids().contains(&"R-SC-1".to_owned())));
    }

    #[test]
    fn sentences() {
        assert_eq!(first_sentence("One e.g. two. Three."), "One e.g. two.");
        assert_eq!(first_sentence("No end"), "No end");
        assert_eq!(plain("a **b** `c`\n  d"), "a b c d");
    }
}
