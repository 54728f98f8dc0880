//! CSV imports: people (with a header mapping the UI can edit), send
//! history, program history and memberships.
//!
//! Every import reads the whole file and reports every bad row with its
//! physical line (1 = the header), the column and what is wrong; then,
//! with [`ImportMode::AllOrNothing`], imports nothing if any row is bad, or
//! with [`ImportMode::ValidRowsOnly`], imports the good rows.
//!
//! Cell rules shared by all imports:
//! - ids, emails, zones, yes/no, numbers and dates are read with
//!   surrounding spaces trimmed; text attributes are kept exactly as
//!   written;
//! - an empty cell (or only spaces) is "not given": no email (blocked,
//!   R-CS-6), no zone (the workspace zone), `false` for a flag, no value
//!   for an attribute (R-CD-2: comparisons on it are false, except `ne`),
//!   no date (undated history);
//! - yes/no cells are `true`, `false`, `yes`, `no`, `1` or `0`, any case;
//! - numbers are decimal: optional sign, digits with an optional fraction,
//!   an optional exponent (`12`, `-3.5`, `.5`, `1e3`); no thousands
//!   separators, `inf` or `NaN`;
//! - time zones are IANA names (`Europe/Berlin`), dates plan-format
//!   instants (`2026-12-20T15:00:00Z`).
//!
//! Type detection of attribute columns ([`detect_kind`]): a column is a
//! number when every non-empty cell is a number, so `gte 50` works on an
//! imported "50"; else yes/no when every non-empty cell is a yes/no word;
//! else text. A column of only `0` and `1` is therefore a number. A cell
//! with a leading zero before a digit (`007`, `02134`, `-01`) does not count
//! as a number for detection: such columns are codes (zip codes, phone
//! numbers, ids) whose zeros matter, so they become text (R-CD-2 keeps
//! `"007"` apart from `7`). Mapping such a column to number by hand is
//! allowed and reads `007` as 7.

use super::columns::Strings;
use super::csv::CsvReader;
use super::index::IdIndex;
use super::{AttrKind, AttrRef, Audience, AudienceBuilder, NewPerson};
use crate::model::{
    ContentId, EpId, HistoryEntry, Membership, PersonCadence, PersonId, Plan, ProgramHistoryEntry,
    ProgramStatus, StreamId,
};
use crate::time::{parse_instant, parse_time_zone, Instant};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// The largest CSV file an import reads (100 MiB, about 1,000,000 people
/// with a few attributes). Callers refuse bigger files by their size,
/// before reading them, as [`crate::plan::MAX_PLAN_BYTES`] does for plans.
pub const MAX_CSV_BYTES: usize = 100 * 1024 * 1024;

/// At most this many errors are listed; the counts go on. Enough for the
/// app to offer every error of a badly broken file as a download (about
/// 10 MB at most), while a UI shows only the first ones.
pub const MAX_REPORTED_ERRORS: usize = 100_000;

/// The largest CSV text the import functions read ([`MAX_CSV_BYTES`]): a
/// larger text is refused by its size alone, before any of it is read.
pub const MAX_IMPORT_BYTES: usize = MAX_CSV_BYTES;

/// The refusal of a text over `max` bytes (line 1, nothing read).
fn too_large(len: usize, max: usize) -> Option<RowError> {
    (len > max).then(|| RowError {
        line: 1,
        column: None,
        message: format!("the file is {len} bytes; the largest file imported is {max} bytes"),
    })
}

fn size_error<T: Default>(text: &str) -> Option<ImportReport<T>> {
    too_large(text.len(), MAX_IMPORT_BYTES).map(|e| file_error(e.line, e.message))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ImportMode {
    /// Any bad row: nothing is imported.
    #[default]
    AllOrNothing,
    /// The good rows are imported, the bad ones listed.
    ValidRowsOnly,
}

/// One problem of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The physical line of the file, from 1 (the header).
    pub line: usize,
    /// The column's header, when one cell is at fault.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column {c:?}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What an import found and kept.
#[derive(Clone, Debug)]
pub struct ImportReport<T> {
    /// Records after the header.
    pub rows: usize,
    /// Rows without errors.
    pub valid_rows: usize,
    /// Rows with at least one error.
    pub bad_rows: usize,
    /// The problems, in line order, at most [`MAX_REPORTED_ERRORS`]; a
    /// problem with the file as a whole (no header, a bad mapping) is on
    /// line 1 and stops the import.
    pub errors: Vec<RowError>,
    /// Errors not listed because of the cap.
    pub errors_omitted: usize,
    /// What is imported: empty under `AllOrNothing` when any row is bad.
    pub imported: T,
}

impl<T> ImportReport<T> {
    /// No errors at all.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors as lines of text ("line 4, column \"email\": …").
    pub fn error_lines(&self) -> Vec<String> {
        self.errors.iter().map(ToString::to_string).collect()
    }
}

struct Errors {
    list: Vec<RowError>,
    omitted: usize,
}

impl Errors {
    fn new() -> Errors {
        Errors { list: Vec::new(), omitted: 0 }
    }

    fn add(&mut self, line: usize, column: Option<&str>, message: impl Into<String>) {
        if self.list.len() < MAX_REPORTED_ERRORS {
            self.list.push(RowError { line, column: column.map(str::to_owned), message: message.into() });
        } else {
            self.omitted += 1;
        }
    }

    fn count(&self) -> usize {
        self.list.len() + self.omitted
    }
}

fn file_error<T: Default>(line: usize, message: impl Into<String>) -> ImportReport<T> {
    ImportReport {
        rows: 0,
        valid_rows: 0,
        bad_rows: 0,
        errors: vec![RowError { line, column: None, message: message.into() }],
        errors_omitted: 0,
        imported: T::default(),
    }
}

// ---------------------------------------------------------------- cells

/// A yes/no cell: `true`/`yes`/`1` or `false`/`no`/`0`, any case, trimmed.
pub fn parse_yes_no(cell: &str) -> Option<bool> {
    let s = cell.trim();
    for (word, v) in [("true", true), ("yes", true), ("1", true), ("false", false), ("no", false), ("0", false)] {
        if s.eq_ignore_ascii_case(word) {
            return Some(v);
        }
    }
    None
}

/// A decimal number cell (trimmed): `[+-]digits[.digits][e[+-]digits]`,
/// also `.5` and `5.`; finite.
pub fn parse_number(cell: &str) -> Option<f64> {
    let s = cell.trim();
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number that detection accepts: [`parse_number`] without a leading
/// zero before a digit (`007` is a code, see the module docs).
fn detects_as_number(cell: &str) -> bool {
    let s = cell.trim();
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    if digits.len() >= 2 && digits[0] == b'0' && digits[1].is_ascii_digit() {
        return false;
    }
    parse_number(s).is_some()
}

/// The kind of an attribute column from its cells (see the module docs).
pub fn detect_kind<'a>(cells: impl IntoIterator<Item = &'a str>) -> AttrKind {
    let mut d = Detector::default();
    for c in cells {
        d.see(c);
    }
    d.kind()
}

#[derive(Clone, Copy)]
struct Detector {
    number: bool,
    yes_no: bool,
}

impl Default for Detector {
    fn default() -> Self {
        Detector { number: true, yes_no: true }
    }
}

impl Detector {
    fn see(&mut self, cell: &str) {
        if cell.trim().is_empty() {
            return;
        }
        if self.number && !detects_as_number(cell) {
            self.number = false;
        }
        if self.yes_no && parse_yes_no(cell).is_none() {
            self.yes_no = false;
        }
    }

    fn kind(self) -> AttrKind {
        if self.number {
            // Also an empty column: numbers need no conversion later.
            // An all-empty column is text, below.
            AttrKind::Number
        } else if self.yes_no {
            AttrKind::YesNo
        } else {
            AttrKind::Text
        }
    }
}

// ---------------------------------------------------------------- mapping

/// What a CSV column of a people file becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Id,
    Email,
    TimeZone,
    Unsubscribed,
    MarketingSuspended,
    EmailInvalid,
    Attribute { name: String, kind: AttrKind },
    /// Not imported.
    Ignore,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The column's header as written in the file.
    pub header: String,
    pub role: Role,
}

/// One entry per column of the file, in file order; the UI edits roles,
/// attribute names and kinds, then passes it to [`import_people`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    pub columns: Vec<ColumnMapping>,
}

impl Mapping {
    /// What makes the mapping unusable: no id column, a role given to two
    /// columns, an attribute name used twice or empty.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let fixed = [
            (Role::Id, "id"),
            (Role::Email, "email"),
            (Role::TimeZone, "time zone"),
            (Role::Unsubscribed, "unsubscribed"),
            (Role::MarketingSuspended, "marketing suspended"),
            (Role::EmailInvalid, "email invalid"),
        ];
        for (role, what) in &fixed {
            let cols: Vec<&str> =
                self.columns.iter().filter(|c| &c.role == role).map(|c| c.header.as_str()).collect();
            if cols.len() > 1 {
                out.push(format!("columns {} are all mapped to {what}; map one", quoted_list(&cols)));
            }
            if *role == Role::Id && cols.is_empty() {
                out.push("no column is mapped to id (every person needs one)".into());
            }
        }
        let mut names: HashMap<&str, &str> = HashMap::new();
        for c in &self.columns {
            if let Role::Attribute { name, .. } = &c.role {
                if name.trim().is_empty() {
                    out.push(format!("column {:?}: the attribute has no name", c.header));
                } else if let Some(first) = names.insert(name, &c.header) {
                    out.push(format!("columns {first:?} and {:?} are both mapped to attribute {name:?}", c.header));
                }
            }
        }
        out
    }

    fn role_of(&self, role: &Role) -> Option<usize> {
        self.columns.iter().position(|c| &c.role == role)
    }
}

fn quoted_list(items: &[&str]) -> String {
    items.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
}

/// The role a header names, by name alone (case, spaces, `_`, `-` and `.`
/// ignored): `id`/`person`/`person id`/`lead id`/`contact id`,
/// `email`/`email address`, `time zone`/`timezone`/`tz`, `unsubscribed`,
/// `marketing suspended`, `email invalid`/`invalid email`. Other headers:
/// `None` (an attribute).
pub fn role_for_header(header: &str) -> Option<Role> {
    let key: String = header
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\t'))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "id" | "person" | "personid" | "leadid" | "contactid" | "userid" => Role::Id,
        "email" | "emailaddress" | "mail" => Role::Email,
        "timezone" | "tz" | "zone" => Role::TimeZone,
        "unsubscribed" => Role::Unsubscribed,
        "marketingsuspended" => Role::MarketingSuspended,
        "emailinvalid" | "invalidemail" => Role::EmailInvalid,
        _ => return None,
    })
}

/// Proposes a mapping for a people file: roles by header name (the first
/// column naming a role gets it, see [`role_for_header`]), every other
/// column an attribute named by its trimmed header, with the kind detected
/// from all its cells ([`detect_kind`]; rows that cannot be read are left
/// out). Fails only when the file has no readable header.
pub fn propose_mapping(text: &str) -> Result<Mapping, RowError> {
    if let Some(e) = too_large(text.len(), MAX_IMPORT_BYTES) {
        return Err(e);
    }
    let mut reader = CsvReader::new(text);
    let mut fields = Vec::new();
    match reader.next_record(&mut fields) {
        None => return Err(RowError { line: 1, column: None, message: "the file is empty: expected a header line".into() }),
        Some(Err(e)) => return Err(RowError { line: e.line, column: None, message: e.message }),
        Some(Ok(_)) => {}
    }
    let headers: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    let mut detectors = vec![Detector::default(); headers.len()];
    let mut non_empty = vec![false; headers.len()];
    while let Some(rec) = reader.next_record(&mut fields) {
        if rec.is_err() || fields.len() != headers.len() {
            continue;
        }
        for (i, f) in fields.iter().enumerate() {
            detectors[i].see(f);
            non_empty[i] |= !f.trim().is_empty();
        }
    }
    let mut taken: Vec<Role> = Vec::new();
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let role = match role_for_header(h) {
                Some(r) if !taken.contains(&r) => {
                    taken.push(r.clone());
                    r
                }
                _ => Role::Attribute {
                    name: h.trim().to_owned(),
                    kind: if non_empty[i] { detectors[i].kind() } else { AttrKind::Text },
                },
            };
            ColumnMapping { header: h.clone(), role }
        })
        .collect();
    Ok(Mapping { columns })
}

// ---------------------------------------------------------------- people

/// A row cell against its column, without storing anything: the error
/// message when it does not fit.
fn check_attr(cell: &str, kind: AttrKind) -> Result<(), String> {
    if cell.trim().is_empty() {
        return Ok(());
    }
    match kind {
        AttrKind::Text => Ok(()),
        AttrKind::Number => parse_number(cell).map(|_| ()).ok_or_else(|| format!("{:?} is not a number", cell.trim())),
        AttrKind::YesNo => parse_yes_no(cell)
            .map(|_| ())
            .ok_or_else(|| format!("{:?} is not yes/no (expected true, false, yes, no, 1 or 0)", cell.trim())),
    }
}

fn attr_ref(cell: &str, kind: AttrKind) -> Option<AttrRef<'_>> {
    if cell.trim().is_empty() {
        return None;
    }
    match kind {
        AttrKind::Text => Some(AttrRef::Str(cell)),
        AttrKind::Number => parse_number(cell).map(AttrRef::Num),
        AttrKind::YesNo => parse_yes_no(cell).map(AttrRef::Bool),
    }
}

/// Ids seen so far in a file, with their lines, whatever their row's fate.
struct SeenIds {
    ids: Strings,
    index: IdIndex,
    lines: Vec<u32>,
}

impl SeenIds {
    fn with_capacity(rows: usize) -> SeenIds {
        SeenIds { ids: Strings::with_capacity(rows, rows * 8), index: IdIndex::with_capacity(rows), lines: Vec::with_capacity(rows) }
    }

    /// Records `id` at `line`; the line of its first occurrence if seen.
    fn see(&mut self, id: &str, line: usize) -> Option<usize> {
        if self.ids.push(id).is_err() {
            return None; // 4 GiB of ids: the builder reports it
        }
        match self.index.insert(&self.ids, self.lines.len() as u32) {
            Ok(()) => {
                self.lines.push(line as u32);
                None
            }
            Err(first) => {
                self.ids.pop();
                Some(self.lines[first as usize] as usize)
            }
        }
    }
}

/// Imports people from CSV text with `mapping` (one entry per column of
/// the header). Errors per row: a row that cannot be read as CSV, a wrong
/// field count, a missing or duplicate id, an unknown time zone, a flag or
/// attribute cell that does not fit its type. The imported audience has
/// the mapping's attribute columns even when empty.
pub fn import_people(text: &str, mapping: &Mapping, mode: ImportMode) -> ImportReport<Audience> {
    if let Some(refused) = size_error(text) {
        return refused;
    }
    let mut reader = CsvReader::new(text);
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    match reader.next_record(&mut fields) {
        None => return file_error(1, "the file is empty: expected a header line"),
        Some(Err(e)) => return file_error(e.line, format!("the header cannot be read: {}", e.message)),
        Some(Ok(_)) => {}
    }
    if fields.len() != mapping.columns.len() {
        return file_error(
            1,
            format!("the header has {} columns but the mapping {}; propose the mapping again", fields.len(), mapping.columns.len()),
        );
    }
    let problems = mapping.problems();
    if !problems.is_empty() {
        let mut r = file_error(1, problems[0].clone());
        r.errors.extend(problems[1..].iter().map(|m| RowError { line: 1, column: None, message: m.clone() }));
        return r;
    }
    let header = |i: usize| mapping.columns[i].header.as_str();
    let id_col = mapping.role_of(&Role::Id).unwrap_or(0);
    let email_col = mapping.role_of(&Role::Email);
    let tz_col = mapping.role_of(&Role::TimeZone);
    let flag_cols = [Role::Unsubscribed, Role::MarketingSuspended, Role::EmailInvalid].map(|r| mapping.role_of(&r));
    // Sized for one row per line: no rehashing of the id indexes.
    let rows_hint = text.bytes().filter(|&b| b == b'\n').count() + 1;
    // Ids are checked by `seen`, with their lines: the builder need not.
    let mut builder = AudienceBuilder::unchecked(rows_hint);
    let attr_cols: Vec<(usize, AttrKind, usize)> = mapping
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.role {
            Role::Attribute { name, kind } => Some((i, *kind, builder.column(name.trim(), *kind))),
            _ => None,
        })
        .collect();

    let mut errors = Errors::new();
    let mut seen = SeenIds::with_capacity(rows_hint);
    let (mut rows, mut valid, mut bad) = (0, 0, 0);
    while let Some(rec) = reader.next_record(&mut fields) {
        rows += 1;
        let line = match rec {
            Ok(line) => line,
            Err(e) => {
                bad += 1;
                errors.add(e.line, None, e.message);
                continue;
            }
        };
        if fields.len() != mapping.columns.len() {
            bad += 1;
            errors.add(line, None, format!("{} fields, expected {} as in the header", fields.len(), mapping.columns.len()));
            continue;
        }
        let before = errors.count();
        let id = fields[id_col].trim();
        if id.is_empty() {
            errors.add(line, Some(header(id_col)), "missing id");
        } else if let Some(first) = seen.see(id, line) {
            errors.add(line, Some(header(id_col)), format!("duplicate id {id:?} (first on line {first})"));
        }
        let tz = match tz_col.map(|c| fields[c].trim()).filter(|s| !s.is_empty()) {
            None => None,
            Some(name) => match parse_time_zone(name) {
                Ok(tz) => Some(tz),
                Err(e) => {
                    errors.add(line, tz_col.map(header), e);
                    None
                }
            },
        };
        let mut flags = [false; 3];
        for (k, col) in flag_cols.iter().enumerate() {
            let Some(c) = *col else { continue };
            let cell = fields[c].trim();
            if cell.is_empty() {
                continue;
            }
            match parse_yes_no(cell) {
                Some(v) => flags[k] = v,
                None => errors.add(
                    line,
                    Some(header(c)),
                    format!("{cell:?} is not yes/no (expected true, false, yes, no, 1 or 0)"),
                ),
            }
        }
        for &(c, kind, _) in &attr_cols {
            if let Err(m) = check_attr(&fields[c], kind) {
                errors.add(line, Some(header(c)), m);
            }
        }
        if errors.count() > before {
            bad += 1;
            continue;
        }
        valid += 1;
        if mode == ImportMode::AllOrNothing && bad > 0 {
            continue; // nothing will be imported: skip the work
        }
        let email = email_col.map(|c| fields[c].trim()).filter(|s| !s.is_empty());
        let pushed = builder.push(NewPerson {
            id,
            email,
            time_zone: tz,
            unsubscribed: flags[0],
            marketing_suspended: flags[1],
            email_invalid: flags[2],
        });
        match pushed {
            Ok(p) => {
                for &(c, kind, column) in &attr_cols {
                    if let Some(v) = attr_ref(&fields[c], kind) {
                        if let Err(e) = builder.set_in_column(p, column, v) {
                            errors.add(line, Some(header(c)), e.to_string());
                        }
                    }
                }
            }
            Err(e) => errors.add(line, None, e.to_string()),
        }
    }
    let imported = if bad > 0 && mode == ImportMode::AllOrNothing {
        let mut empty = AudienceBuilder::new();
        for &(_, kind, column) in &attr_cols {
            let name = &builder.a.attrs[column].name;
            empty.column(name, kind);
        }
        empty.finish()
    } else {
        builder.finish()
    };
    ImportReport { rows, valid_rows: valid, bad_rows: bad, errors: errors.list, errors_omitted: errors.omitted, imported }
}

// ---------------------------------------------------------------- history, program history, memberships

enum ContentKind {
    Email,
    Program,
}

/// The ids of a plan, for reference checks.
struct PlanRefs<'p> {
    content: HashMap<&'p str, ContentKind>,
    eps: HashMap<&'p str, usize>,
    /// Stream id → its engagement program.
    streams: HashMap<&'p str, usize>,
    start: Option<Instant>,
}

impl<'p> PlanRefs<'p> {
    fn new(plan: &'p Plan) -> PlanRefs<'p> {
        let mut content = HashMap::new();
        for e in &plan.emails {
            content.insert(e.id.as_str(), ContentKind::Email);
        }
        for p in &plan.programs {
            content.insert(p.id.as_str(), ContentKind::Program);
        }
        let mut eps = HashMap::new();
        let mut streams = HashMap::new();
        for (i, ep) in plan.engagement_programs.iter().enumerate() {
            eps.insert(ep.id.as_str(), i);
            for s in &ep.streams {
                streams.insert(s.id.as_str(), i);
            }
        }
        PlanRefs { content, eps, streams, start: plan.simulation.map(|w| w.start) }
    }
}

/// One row of a fixed-column file, for the row functions.
struct Row<'r> {
    line: usize,
    /// Per expected column, its trimmed cell ("" when the file lacks it).
    cells: Vec<&'r str>,
    names: &'r [&'static str],
    errors: &'r mut Errors,
    ok: bool,
}

impl<'r> Row<'r> {
    fn cell(&self, k: usize) -> &'r str {
        self.cells[k]
    }

    fn error(&mut self, k: usize, message: impl Into<String>) {
        self.ok = false;
        self.errors.add(self.line, Some(self.names[k]), message);
    }

    /// A required id cell.
    fn required(&mut self, k: usize) -> Option<&'r str> {
        let c = self.cells[k];
        if c.is_empty() {
            self.error(k, format!("missing {}", self.names[k]));
            return None;
        }
        Some(c)
    }

    fn yes_no(&mut self, k: usize) -> bool {
        let c = self.cells[k];
        if c.is_empty() {
            return false;
        }
        parse_yes_no(c).unwrap_or_else(|| {
            self.error(k, format!("{c:?} is not yes/no (expected true, false, yes, no, 1 or 0)"));
            false
        })
    }

    fn person(&mut self, k: usize, audience: &Audience) -> Option<u32> {
        let id = self.required(k)?;
        let found = audience.find(id);
        if found.is_none() {
            let m = format!("unknown person {id:?} (not in the audience)");
            self.error(k, m);
        }
        found
    }

    /// A history date: optional, before `simulation.start` when the plan
    /// has one.
    fn history_at(&mut self, k: usize, start: Option<Instant>) -> Option<Instant> {
        let c = self.cells[k];
        if c.is_empty() {
            return None;
        }
        match parse_instant(c) {
            Ok(at) => match start {
                Some(s) if at >= s => {
                    self.error(k, format!("at {at} is not before simulation.start {s}"));
                    None
                }
                _ => Some(at),
            },
            Err(e) => {
                self.error(k, e);
                None
            }
        }
    }
}

/// Reads a file whose header names columns among `names` (any order, any
/// case; `required` ones must be there) and calls `row` on each readable
/// record of the right length.
fn import_rows<T>(
    text: &str,
    names: &'static [&'static str],
    required: &[&str],
    mode: ImportMode,
    mut row: impl FnMut(&mut Row<'_>) -> Option<T>,
) -> ImportReport<Vec<T>> {
    if let Some(refused) = size_error(text) {
        return refused;
    }
    let mut reader = CsvReader::new(text);
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    match reader.next_record(&mut fields) {
        None => return file_error(1, format!("the file is empty: expected a header line ({})", names.join(","))),
        Some(Err(e)) => return file_error(e.line, format!("the header cannot be read: {}", e.message)),
        Some(Ok(_)) => {}
    }
    // Where each expected column is in the file.
    let mut at: Vec<Option<usize>> = vec![None; names.len()];
    let mut problems = Vec::new();
    for (i, h) in fields.iter().enumerate() {
        let key = h.trim().to_ascii_lowercase();
        match names.iter().position(|n| *n == key) {
            Some(k) if at[k].is_some() => problems.push(format!("column {:?} appears twice", names[k])),
            Some(k) => at[k] = Some(i),
            None => problems.push(format!("unknown column {:?} (expected {})", h.trim(), names.join(", "))),
        }
    }
    for r in required {
        if let Some(k) = names.iter().position(|n| n == r) {
            if at[k].is_none() {
                problems.push(format!("missing column {r:?}"));
            }
        }
    }
    if !problems.is_empty() {
        let mut rep = file_error(1, problems[0].clone());
        rep.errors.extend(problems[1..].iter().map(|m| RowError { line: 1, column: None, message: m.clone() }));
        return rep;
    }
    let width = fields.len();
    let mut errors = Errors::new();
    let mut out = Vec::new();
    let (mut rows, mut valid, mut bad) = (0, 0, 0);
    while let Some(rec) = reader.next_record(&mut fields) {
        rows += 1;
        let line = match rec {
            Ok(line) => line,
            Err(e) => {
                bad += 1;
                errors.add(e.line, None, e.message);
                continue;
            }
        };
        if fields.len() != width {
            bad += 1;
            errors.add(line, None, format!("{} fields, expected {width} as in the header", fields.len()));
            continue;
        }
        let cells: Vec<&str> = at.iter().map(|a| a.map_or("", |i| fields[i].trim())).collect();
        let mut r = Row { line, cells, names, errors: &mut errors, ok: true };
        let item = row(&mut r);
        match (r.ok, item) {
            (true, Some(item)) => {
                valid += 1;
                if mode == ImportMode::ValidRowsOnly || bad == 0 {
                    out.push(item);
                }
            }
            _ => bad += 1,
        }
    }
    if bad > 0 && mode == ImportMode::AllOrNothing {
        out.clear();
    }
    ImportReport { rows, valid_rows: valid, bad_rows: bad, errors: errors.list, errors_omitted: errors.omitted, imported: out }
}

const HISTORY_COLUMNS: &[&str] = &["person", "email", "at", "engagement", "opened", "clicked"];

/// Imports send history: columns `person,email[,at][,engagement][,opened][,clicked]`
/// (any order). Each person must be in `audience`, each email an email of
/// `plan`; `at` (empty: undated) must be before `simulation.start`.
pub fn import_history(text: &str, plan: &Plan, audience: &Audience, mode: ImportMode) -> ImportReport<Vec<HistoryEntry>> {
    let refs = PlanRefs::new(plan);
    import_rows(text, HISTORY_COLUMNS, &["person", "email"], mode, |r| {
        let person = r.person(0, audience);
        let email = r.required(1).map(str::to_owned);
        if let Some(id) = &email {
            match refs.content.get(id.as_str()) {
                Some(ContentKind::Email) => {}
                Some(ContentKind::Program) => r.error(1, format!("{id:?} is a program, not an email")),
                None => r.error(1, format!("unknown email {id:?}")),
            }
        }
        let at = r.history_at(2, refs.start);
        let engagement = r.yes_no(3);
        let opened = r.yes_no(4);
        let clicked = r.yes_no(5);
        Some(HistoryEntry {
            person: PersonId(audience.person(person? as usize).id().to_owned()),
            email: ContentId(email?),
            at,
            engagement,
            opened,
            clicked,
        })
    })
}

const PROGRAM_HISTORY_COLUMNS: &[&str] = &["person", "program", "status", "at"];

/// Imports program history: columns `person,program,status[,at]`. Each
/// program must be a content program of `plan`; `status` is `member` or
/// `success`; `at` as in [`import_history`].
pub fn import_program_history(
    text: &str,
    plan: &Plan,
    audience: &Audience,
    mode: ImportMode,
) -> ImportReport<Vec<ProgramHistoryEntry>> {
    let refs = PlanRefs::new(plan);
    import_rows(text, PROGRAM_HISTORY_COLUMNS, &["person", "program", "status"], mode, |r| {
        let person = r.person(0, audience);
        let program = r.required(1).map(str::to_owned);
        if let Some(id) = &program {
            match refs.content.get(id.as_str()) {
                Some(ContentKind::Program) => {}
                Some(ContentKind::Email) => r.error(1, format!("{id:?} is an email, not a program")),
                None if refs.eps.contains_key(id.as_str()) => r.error(
                    1,
                    format!("{id:?} is an engagement program; an engagement program is never content (R-CO-1)"),
                ),
                None => r.error(1, format!("unknown program {id:?}")),
            }
        }
        let status = match r.required(2).map(str::to_ascii_lowercase).as_deref() {
            None => None,
            Some("member") => Some(ProgramStatus::Member),
            Some("success") => Some(ProgramStatus::Success),
            Some(_) => {
                let m = format!("{:?} is not a status (expected member or success)", r.cell(2));
                r.error(2, m);
                None
            }
        };
        let at = r.history_at(3, refs.start);
        Some(ProgramHistoryEntry {
            person: PersonId(audience.person(person? as usize).id().to_owned()),
            program: ContentId(program?),
            status: status?,
            at,
        })
    })
}

const MEMBERSHIP_COLUMNS: &[&str] = &["person", "program", "stream", "cadence", "added_at"];

/// Imports memberships: columns `person,program,stream[,cadence][,added_at]`.
/// `program` is an engagement program of `plan`, `stream` one of its
/// streams, `cadence` `normal` (default) or `paused`; `added_at` (an
/// instant) defaults to `added_at`, the app's "now". A person already in
/// the program, by `plan.memberships` or an earlier row, is refused
/// (R-ME-1); to replace the memberships, pass a plan without them.
pub fn import_memberships(
    text: &str,
    plan: &Plan,
    audience: &Audience,
    added_at: Instant,
    mode: ImportMode,
) -> ImportReport<Vec<Membership>> {
    let refs = PlanRefs::new(plan);
    // (person, EP) → line (0: the plan's memberships).
    let mut members: HashMap<(u32, usize), usize> = HashMap::new();
    for m in &plan.memberships {
        if let (Some(p), Some(&ep)) = (audience.find(m.person.as_str()), refs.eps.get(m.program.as_str())) {
            members.insert((p, ep), 0);
        }
    }
    import_rows(text, MEMBERSHIP_COLUMNS, &["person", "program", "stream"], mode, |r| {
        let person = r.person(0, audience);
        let program = r.required(1).map(str::to_owned);
        let ep = match &program {
            None => None,
            Some(id) => match refs.eps.get(id.as_str()) {
                Some(&ep) => Some(ep),
                None => {
                    match refs.content.get(id.as_str()) {
                        Some(ContentKind::Program) => {
                            r.error(1, format!("{id:?} is a content program, not an engagement program"))
                        }
                        Some(ContentKind::Email) => r.error(1, format!("{id:?} is an email, not an engagement program")),
                        None => r.error(1, format!("unknown engagement program {id:?}")),
                    }
                    None
                }
            },
        };
        let stream = r.required(2).map(str::to_owned);
        if let Some(s) = &stream {
            match (refs.streams.get(s.as_str()), ep) {
                (None, _) => r.error(2, format!("unknown stream {s:?}")),
                (Some(&owner), Some(ep)) if owner != ep => {
                    let m = format!(
                        "stream {s:?} is not in {} (it is in {})",
                        plan.engagement_programs[ep].id, plan.engagement_programs[owner].id
                    );
                    r.error(2, m);
                }
                _ => {}
            }
        }
        let cadence = match r.cell(3).to_ascii_lowercase().as_str() {
            "" | "normal" => PersonCadence::Normal,
            "paused" => PersonCadence::Paused,
            _ => {
                let m = format!("{:?} is not a person cadence (expected normal or paused)", r.cell(3));
                r.error(3, m);
                PersonCadence::Normal
            }
        };
        let at = match r.cell(4) {
            "" => added_at,
            c => match parse_instant(c) {
                Ok(at) => at,
                Err(e) => {
                    r.error(4, e);
                    added_at
                }
            },
        };
        if let (Some(p), Some(ep)) = (person, ep) {
            match members.get(&(p, ep)) {
                Some(&0) => r.error(
                    0,
                    format!(
                        "person {:?} is already in {} by the plan's memberships (R-ME-1)",
                        r.cell(0),
                        plan.engagement_programs[ep].id
                    ),
                ),
                Some(&first) => r.error(
                    0,
                    format!(
                        "person {:?} is already in {} by line {first} (R-ME-1)",
                        r.cell(0),
                        plan.engagement_programs[ep].id
                    ),
                ),
                None if r.ok => {
                    members.insert((p, ep), r.line);
                }
                None => {}
            }
        }
        Some(Membership {
            person: PersonId(audience.person(person? as usize).id().to_owned()),
            program: EpId(program?),
            stream: StreamId(stream?),
            cadence,
            added_at: at,
        })
    })
}

#[cfg(test)]
mod tests;
