//! Load errors: every problem of a plan, each with its JSON path and, where
//! one applies, the rule it breaks.

use std::fmt;

/// One problem found while loading a plan.
///
/// Displays as `path: message (R-…)`, the form `plan-format.md` shows; an
/// error about the whole document (a JSON syntax error, the size cap, a
/// non-object top level) has an empty `path` and displays as the message
/// alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError {
    /// Where, e.g. `engagement_programs[0].streams[1].cadence.days[0]`.
    pub path: String,
    pub message: String,
    /// The rule id of `engagement-rules.md` (e.g. `R-ME-1`), if one applies.
    pub rule: Option<&'static str>,
}

impl PlanError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> PlanError {
        PlanError { path: path.into(), message: message.into(), rule: None }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " ({rule})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanError {}

/// Every problem of a refused plan, in the order found (document order,
/// section by section). Displays one error per line, no trailing newline.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PlanErrors(pub Vec<PlanError>);

impl PlanErrors {
    pub fn one(error: PlanError) -> PlanErrors {
        PlanErrors(vec![error])
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, PlanError> {
        self.0.iter()
    }
    /// The display lines, one per error.
    pub fn lines(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanErrors {}

impl<'a> IntoIterator for &'a PlanErrors {
    type Item = &'a PlanError;
    type IntoIter = std::slice::Iter<'a, PlanError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
