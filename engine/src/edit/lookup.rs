//! Finding things in a plan by id, naming them for people, and the checks
//! shared by several edits (names, ids, conditions, probabilities, dates).

use super::error::EditError;
use crate::model::{
    AttrOp, AttrValue, Condition, ContentId, ContentRef, EngagementProgram, EpId, Plan, Probabilities, Stream, StreamId,
};
use crate::plan::MAX_CONDITION_DEPTH;
use crate::time::{format_date, Date, Instant};
use chrono::Datelike;

/// What a content id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContentAt {
    Email(usize),
    Program(usize),
}

pub(crate) fn find_content(plan: &Plan, id: &ContentId) -> Option<ContentAt> {
    if let Some(i) = plan.emails.iter().position(|e| &e.id == id) {
        return Some(ContentAt::Email(i));
    }
    plan.programs.iter().position(|p| &p.id == id).map(ContentAt::Program)
}

/// The index of engagement program `id`.
pub(crate) fn ep_index(plan: &Plan, id: &EpId) -> Result<usize, EditError> {
    plan.engagement_programs
        .iter()
        .position(|ep| &ep.id == id)
        .ok_or_else(|| EditError::not_found(format!("There is no engagement program with id {:?}", id.as_str())))
}

/// (EP index, stream index) of stream `id`.
pub(crate) fn stream_pos(plan: &Plan, id: &StreamId) -> Result<(usize, usize), EditError> {
    for (e, ep) in plan.engagement_programs.iter().enumerate() {
        if let Some(s) = ep.streams.iter().position(|s| &s.id == id) {
            return Ok((e, s));
        }
    }
    Err(EditError::not_found(format!("There is no stream with id {:?}", id.as_str())))
}

pub(crate) fn stream_exists(plan: &Plan, id: &StreamId) -> bool {
    plan.engagement_programs.iter().any(|ep| ep.streams.iter().any(|s| &s.id == id))
}

/// The index of `content` in `stream`.
pub(crate) fn item_index(stream: &Stream, content: &ContentId) -> Result<usize, EditError> {
    stream.content.iter().position(|i| i.content.id() == content).ok_or_else(|| {
        EditError::not_found(format!("{} is not in stream {}", quoted(content.as_str()), stream_label(stream)))
    })
}

pub(crate) fn ep_label(ep: &EngagementProgram) -> &str {
    ep.name.as_deref().unwrap_or(ep.id.as_str())
}

pub(crate) fn stream_label(s: &Stream) -> &str {
    s.name.as_deref().unwrap_or(s.id.as_str())
}

/// "Early stage (New prospects)".
pub(crate) fn stream_in_ep(ep: &EngagementProgram, s: &Stream) -> String {
    format!("{} ({})", stream_label(s), ep_label(ep))
}

/// The name of a library item, or its id when it has none or is unknown.
pub(crate) fn content_label(plan: &Plan, id: &ContentId) -> String {
    let name = match find_content(plan, id) {
        Some(ContentAt::Email(i)) => plan.emails.get(i).and_then(|e| e.name.clone()),
        Some(ContentAt::Program(i)) => plan.programs.get(i).and_then(|p| p.name.clone()),
        None => None,
    };
    name.unwrap_or_else(|| id.as_str().to_owned())
}

pub(crate) fn ref_label(plan: &Plan, r: &ContentRef) -> String {
    content_label(plan, r.id())
}

pub(crate) fn quoted(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

/// A required name: trimmed, not empty.
pub(crate) fn required_name(name: &str, what: &str) -> Result<String, EditError> {
    let t = name.trim();
    if t.is_empty() {
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "An" } else { "A" };
        return Err(EditError::invalid(format!("{article} {what} needs a name")));
    }
    Ok(t.to_owned())
}

/// An optional text: trimmed, empty means none.
pub(crate) fn optional_text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// R-ST-1: stream names are unique inside their EP (compared trimmed and
/// case-insensitively). `except`: the stream being renamed.
pub(crate) fn check_stream_name_free(
    ep: &EngagementProgram,
    name: &str,
    except: Option<usize>,
) -> Result<(), EditError> {
    for (i, s) in ep.streams.iter().enumerate() {
        if Some(i) != except && s.name.as_deref().is_some_and(|n| same_name(n, name)) {
            return Err(EditError::rule(
                "R-ST-1",
                format!("Cannot name this stream {}: {} already has a stream of that name", quoted(name), ep_label(ep)),
            ));
        }
    }
    Ok(())
}

/// A stream name not used in `ep`: `base`, else `base 2`, `base 3`, …
pub(crate) fn free_stream_name(ep: &EngagementProgram, base: &str) -> String {
    let taken = |n: &str| ep.streams.iter().any(|s| s.name.as_deref().is_some_and(|x| same_name(x, n)));
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|k| format!("{base} {k}")).find(|n| !taken(n)).unwrap_or_else(|| base.to_owned())
}

/// A user-given id: not empty, no surrounding spaces.
pub(crate) fn check_given_id(id: &str, what: &str) -> Result<(), EditError> {
    if id.is_empty() || id.trim() != id {
        return Err(EditError::invalid(format!(
            "{} is not a usable {what} id: an id is a non-empty text without surrounding spaces",
            quoted(id)
        )));
    }
    Ok(())
}

/// `prefix-slug-of-name`, made unique with `-2`, `-3`, … against `taken`.
pub(crate) fn fresh_id(prefix: &str, name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() { prefix.to_owned() } else { format!("{prefix}-{slug}") };
    if !taken(&base) {
        return base;
    }
    let mut k: u64 = 2;
    loop {
        let candidate = format!("{base}-{k}");
        if !taken(&candidate) {
            return candidate;
        }
        k += 1;
    }
}

/// Every id an engagement program or content item may not take: content
/// ids and EP ids share no values (plan-format: "engagement-program ids
/// differ from program ids"; emails too, so a reference is never ambiguous).
pub(crate) fn content_or_ep_id_taken(plan: &Plan, id: &str) -> bool {
    plan.emails.iter().any(|e| e.id.as_str() == id)
        || plan.programs.iter().any(|p| p.id.as_str() == id)
        || plan.engagement_programs.iter().any(|ep| ep.id.as_str() == id)
}

pub(crate) fn stream_id_taken(plan: &Plan, id: &str) -> bool {
    plan.engagement_programs.iter().any(|ep| ep.streams.iter().any(|s| s.id.as_str() == id))
}

/// A date a plan can spell (`YYYY` is four digits).
pub(crate) fn check_date(d: Date, what: &str) -> Result<(), EditError> {
    if (0..=9999).contains(&d.year()) {
        Ok(())
    } else {
        Err(EditError::invalid(format!("The {what} {} is out of range (years 0000 to 9999)", format_date(d))))
    }
}

/// An instant a plan can spell (years 0000 to 9999 in UTC).
pub(crate) fn check_instant(t: Instant, what: &str) -> Result<(), EditError> {
    let y = t.to_naive_utc().year();
    if t != Instant::MIN && t != Instant::MAX && (0..=9999).contains(&y) {
        Ok(())
    } else {
        Err(EditError::invalid(format!("The {what} is out of range (years 0000 to 9999 in UTC)")))
    }
}

/// R-BH-1: probabilities and factors are finite numbers ≥ 0.
pub(crate) fn check_probabilities(p: &Probabilities, what: &str) -> Result<(), EditError> {
    for (name, v) in [("open", p.open), ("click", p.click), ("unsubscribe", p.unsubscribe), ("success", p.success)] {
        if let Some(x) = v {
            if !(x.is_finite() && x >= 0.0) {
                return Err(EditError::invalid(format!("The {name} {what} must be a number of at least 0, not {x}")));
            }
        }
    }
    Ok(())
}

/// A condition the plan can hold (R-CD-1, R-CD-2): non-empty `all`, `any`
/// and `in` lists, finite numbers, every cited email, program and stream
/// known, nesting at most [`MAX_CONDITION_DEPTH`] levels.
pub(crate) fn check_condition(plan: &Plan, c: &Condition) -> Result<(), EditError> {
    check_condition_at(plan, c, 1)
}

fn check_condition_at(plan: &Plan, c: &Condition, depth: usize) -> Result<(), EditError> {
    if depth > MAX_CONDITION_DEPTH {
        return Err(EditError::invalid(format!("This condition nests deeper than {MAX_CONDITION_DEPTH} levels")));
    }
    let finite = |v: &AttrValue| !matches!(v, AttrValue::Num(x) if !x.is_finite());
    match c {
        Condition::All(cs) | Condition::Any(cs) => {
            if cs.is_empty() {
                let head = if matches!(c, Condition::All(_)) { "all" } else { "any" };
                return Err(EditError::invalid(format!(
                    "An \u{201c}{head}\u{201d} condition needs at least one condition inside"
                )));
            }
            for x in cs {
                check_condition_at(plan, x, depth + 1)?;
            }
            Ok(())
        }
        Condition::Not(x) => check_condition_at(plan, x, depth + 1),
        Condition::Attr { name, op } => {
            let ok = match op {
                AttrOp::Eq(v) | AttrOp::Ne(v) => finite(v),
                AttrOp::In(vs) => {
                    if vs.is_empty() {
                        return Err(EditError::invalid(format!(
                            "The \u{201c}in\u{201d} comparison on attribute {} needs at least one value",
                            quoted(name)
                        )));
                    }
                    vs.iter().all(finite)
                }
                AttrOp::Gte(x) | AttrOp::Lte(x) => x.is_finite(),
                AttrOp::Contains(_) => true,
            };
            if ok {
                Ok(())
            } else {
                Err(EditError::rule(
                    "R-CD-2",
                    format!("The comparison on attribute {} needs a finite number", quoted(name)),
                ))
            }
        }
        Condition::Received(id) | Condition::Opened(id) | Condition::Clicked(id) => match find_content(plan, id) {
            Some(ContentAt::Email(_)) => Ok(()),
            Some(ContentAt::Program(_)) => Err(EditError::rule(
                "R-CD-2",
                format!(
                    "{} is a program, not an email; received, opened and clicked test an email",
                    quoted(id.as_str())
                ),
            )),
            None => Err(EditError::rule_not_found(
                "R-CD-2",
                format!("A condition cites {}, which is no email of the library", quoted(id.as_str())),
            )),
        },
        Condition::ProgramMember(id) | Condition::ProgramSuccess(id) => match find_content(plan, id) {
            Some(ContentAt::Program(_)) => Ok(()),
            Some(ContentAt::Email(_)) => Err(EditError::rule(
                "R-CD-2",
                format!(
                    "{} is an email, not a program; program member and success test a content program",
                    quoted(id.as_str())
                ),
            )),
            None => Err(EditError::rule_not_found(
                "R-CD-2",
                format!("A condition cites {}, which is no content program of the library", quoted(id.as_str())),
            )),
        },
        Condition::InStream(id) => {
            if stream_exists(plan, id) {
                Ok(())
            } else {
                Err(EditError::rule_not_found(
                    "R-CD-2",
                    format!("A condition cites stream {}, which does not exist", quoted(id.as_str())),
                ))
            }
        }
        Condition::Exhausted(_) | Condition::Unsubscribed(_) => Ok(()),
    }
}

/// 1-based position for people.
pub(crate) fn pos(i: usize) -> usize {
    i.saturating_add(1)
}
