//! Why an edit was refused.

use super::usage::Usage;
use std::fmt;

/// What kind of refusal an [`EditError`] is, for a UI that reacts
/// differently (e.g. offers "remove from those places" for
/// [`ErrorKind::InUse`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// An id that names nothing (or names the wrong kind of thing).
    NotFound,
    /// An index past the end of a list.
    OutOfRange,
    /// A value the model cannot hold (an empty name, a negative
    /// probability, a window that ends before it starts, a taken id …).
    Invalid,
    /// A domain rule of `engagement-rules.md` refuses it; the `rule` field
    /// names the rule.
    Rule,
    /// The thing is still used elsewhere; [`EditError::usages`] lists where.
    /// Repeating the edit with its "remove usages" option resolves it.
    InUse,
}

/// A refused edit. The plan is untouched.
///
/// Displays as the message followed by the rule id in parentheses when a rule
/// applies, e.g. `Cannot activate a 101st engagement program: at most 100 may
/// be active at once (R-EP-1)`.
#[derive(Clone, Debug, PartialEq)]
pub struct EditError {
    pub kind: ErrorKind,
    /// A sentence for a person: what is wrong and, where it helps, what to do.
    pub message: String,
    /// The rule id (`R-…`), when a rule of `engagement-rules.md` applies.
    pub rule: Option<&'static str>,
    /// For [`ErrorKind::InUse`]: every place the thing is used.
    pub usages: Vec<Usage>,
}

impl EditError {
    pub(crate) fn not_found(message: impl Into<String>) -> EditError {
        EditError { kind: ErrorKind::NotFound, message: message.into(), rule: None, usages: vec![] }
    }

    pub(crate) fn out_of_range(message: impl Into<String>) -> EditError {
        EditError { kind: ErrorKind::OutOfRange, message: message.into(), rule: None, usages: vec![] }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> EditError {
        EditError { kind: ErrorKind::Invalid, message: message.into(), rule: None, usages: vec![] }
    }

    pub(crate) fn rule(rule: &'static str, message: impl Into<String>) -> EditError {
        EditError { kind: ErrorKind::Rule, message: message.into(), rule: Some(rule), usages: vec![] }
    }

    pub(crate) fn rule_not_found(rule: &'static str, message: impl Into<String>) -> EditError {
        EditError { kind: ErrorKind::NotFound, message: message.into(), rule: Some(rule), usages: vec![] }
    }

    pub(crate) fn in_use(message: impl Into<String>, rule: Option<&'static str>, usages: Vec<Usage>) -> EditError {
        EditError { kind: ErrorKind::InUse, message: message.into(), rule, usages }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " ({rule})")?;
        }
        Ok(())
    }
}

impl std::error::Error for EditError {}
