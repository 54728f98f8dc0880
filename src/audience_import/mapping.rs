//! The header mapping of a people file as the dialog edits it: one
//! [`ColumnChoice`] per CSV column (header, sample values, role, attribute
//! type), built from the engine's proposal ([`propose_mapping`]), checked
//! per column so each problem shows next to its control, and turned back
//! into the engine's [`Mapping`].

use engine::audience::csv::CsvReader;
use engine::audience::{propose_mapping, AttrKind, ColumnMapping, Mapping, Role, RowError};

/// The role select's choices (the engine's [`Role`] without the
/// attribute's name and type, which have their own controls).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoleChoice {
    Id,
    Email,
    TimeZone,
    Unsubscribed,
    MarketingSuspended,
    EmailInvalid,
    Attribute,
    Ignore,
}

impl RoleChoice {
    pub const ALL: [RoleChoice; 8] = [
        RoleChoice::Id,
        RoleChoice::Email,
        RoleChoice::TimeZone,
        RoleChoice::Unsubscribed,
        RoleChoice::MarketingSuspended,
        RoleChoice::EmailInvalid,
        RoleChoice::Attribute,
        RoleChoice::Ignore,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RoleChoice::Id => "Id",
            RoleChoice::Email => "Email",
            RoleChoice::TimeZone => "Time zone",
            RoleChoice::Unsubscribed => "Unsubscribed",
            RoleChoice::MarketingSuspended => "Marketing suspended",
            RoleChoice::EmailInvalid => "Email invalid",
            RoleChoice::Attribute => "Attribute",
            RoleChoice::Ignore => "Ignore",
        }
    }

    /// The `<option value>`.
    pub fn value(self) -> &'static str {
        match self {
            RoleChoice::Id => "id",
            RoleChoice::Email => "email",
            RoleChoice::TimeZone => "time-zone",
            RoleChoice::Unsubscribed => "unsubscribed",
            RoleChoice::MarketingSuspended => "marketing-suspended",
            RoleChoice::EmailInvalid => "email-invalid",
            RoleChoice::Attribute => "attribute",
            RoleChoice::Ignore => "ignore",
        }
    }

    pub fn from_value(v: &str) -> Option<RoleChoice> {
        RoleChoice::ALL.into_iter().find(|r| r.value() == v)
    }

    /// A role at most one column may have.
    fn is_single(self) -> bool {
        !matches!(self, RoleChoice::Attribute | RoleChoice::Ignore)
    }
}

/// The type select's choices, in order.
pub const KINDS: [AttrKind; 3] = [AttrKind::Text, AttrKind::Number, AttrKind::YesNo];

pub fn kind_label(k: AttrKind) -> &'static str {
    match k {
        AttrKind::Text => "Text",
        AttrKind::Number => "Number",
        AttrKind::YesNo => "Yes-no",
    }
}

/// The `<option value>` of a type: the engine's name.
pub fn kind_from_value(v: &str) -> Option<AttrKind> {
    KINDS.into_iter().find(|k| k.name() == v)
}

/// One column of the file and what it becomes.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnChoice {
    /// As written in the file.
    pub header: String,
    /// A few non-empty values from the first rows.
    pub samples: Vec<String>,
    pub role: RoleChoice,
    /// The attribute's type, kept when the role changes (detected first).
    pub kind: AttrKind,
}

impl ColumnChoice {
    /// The attribute name this column would have: its trimmed header.
    pub fn attribute_name(&self) -> &str {
        self.header.trim()
    }
}

/// How many values per column the table shows, and from how many rows.
const SAMPLES: usize = 3;
const SAMPLE_ROWS: usize = 20;

/// The proposed mapping of a people file, with sample values; the error
/// when the file has no readable header.
pub fn propose(text: &str) -> Result<Vec<ColumnChoice>, RowError> {
    let mapping = propose_mapping(text)?;
    let samples = samples(text, mapping.columns.len());
    Ok(mapping
        .columns
        .into_iter()
        .zip(samples)
        .map(|(c, samples)| {
            let (role, kind) = match c.role {
                Role::Id => (RoleChoice::Id, AttrKind::Text),
                Role::Email => (RoleChoice::Email, AttrKind::Text),
                Role::TimeZone => (RoleChoice::TimeZone, AttrKind::Text),
                Role::Unsubscribed => (RoleChoice::Unsubscribed, AttrKind::YesNo),
                Role::MarketingSuspended => (RoleChoice::MarketingSuspended, AttrKind::YesNo),
                Role::EmailInvalid => (RoleChoice::EmailInvalid, AttrKind::YesNo),
                Role::Attribute { kind, .. } => (RoleChoice::Attribute, kind),
                Role::Ignore => (RoleChoice::Ignore, AttrKind::Text),
            };
            // A blank header cannot name an attribute: ignored unless chosen.
            let role = if role == RoleChoice::Attribute && c.header.trim().is_empty() { RoleChoice::Ignore } else { role };
            ColumnChoice { header: c.header, samples, role, kind }
        })
        .collect())
}

/// Up to [`SAMPLES`] distinct non-empty values per column from the first
/// readable rows.
fn samples(text: &str, columns: usize) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); columns];
    let mut reader = CsvReader::new(text);
    let mut fields = Vec::new();
    let _header = reader.next_record(&mut fields);
    let mut rows = 0;
    while let Some(rec) = reader.next_record(&mut fields) {
        if rows == SAMPLE_ROWS {
            break;
        }
        rows += 1;
        if rec.is_err() {
            continue;
        }
        for (i, f) in fields.iter().enumerate().take(columns) {
            let v = f.trim();
            if !v.is_empty() && out[i].len() < SAMPLES && !out[i].iter().any(|s| s == v) {
                out[i].push(v.to_owned());
            }
        }
    }
    out
}

/// The engine's mapping for the choices.
pub fn to_mapping(columns: &[ColumnChoice]) -> Mapping {
    Mapping {
        columns: columns
            .iter()
            .map(|c| ColumnMapping {
                header: c.header.clone(),
                role: match c.role {
                    RoleChoice::Id => Role::Id,
                    RoleChoice::Email => Role::Email,
                    RoleChoice::TimeZone => Role::TimeZone,
                    RoleChoice::Unsubscribed => Role::Unsubscribed,
                    RoleChoice::MarketingSuspended => Role::MarketingSuspended,
                    RoleChoice::EmailInvalid => Role::EmailInvalid,
                    RoleChoice::Attribute => Role::Attribute { name: c.attribute_name().to_owned(), kind: c.kind },
                    RoleChoice::Ignore => Role::Ignore,
                },
            })
            .collect(),
    }
}

/// What is wrong with the mapping: one message per column (shown next to
/// its controls) and the problems of the whole (shown above the table).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MappingCheck {
    pub per_column: Vec<Option<String>>,
    pub overall: Vec<String>,
}

impl MappingCheck {
    pub fn is_ok(&self) -> bool {
        self.overall.is_empty() && self.per_column.iter().all(Option::is_none)
    }
}

/// Exactly one Id column; every other fixed role on one column at most;
/// attribute names non-empty and distinct.
pub fn check(columns: &[ColumnChoice]) -> MappingCheck {
    let mut per_column = vec![None; columns.len()];
    let mut overall = Vec::new();
    if !columns.iter().any(|c| c.role == RoleChoice::Id) {
        overall.push("Choose the column that holds each person's id: exactly one column must be Id.".to_owned());
    }
    for (i, c) in columns.iter().enumerate() {
        if c.role.is_single() {
            let others: Vec<&str> = columns
                .iter()
                .enumerate()
                .filter(|&(j, o)| j != i && o.role == c.role)
                .map(|(_, o)| o.header.trim())
                .collect();
            if !others.is_empty() {
                per_column[i] = Some(format!(
                    "{} is also chosen for {}: only one column can be {}.",
                    c.role.label(),
                    quoted_list(&others),
                    c.role.label()
                ));
            }
        } else if c.role == RoleChoice::Attribute {
            let name = c.attribute_name();
            if name.is_empty() {
                per_column[i] = Some("This column has no header to name the attribute: choose Ignore.".to_owned());
            } else if columns.iter().enumerate().any(|(j, o)| j != i && o.role == RoleChoice::Attribute && o.attribute_name() == name) {
                per_column[i] = Some(format!("Another column is also the attribute “{name}”: ignore one of them."));
            }
        }
    }
    MappingCheck { per_column, overall }
}

fn quoted_list(items: &[&str]) -> String {
    items.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "Person ID,E-mail,score,zip,vip,note,\n\
                        1,a@x.com,50,02134,yes,hello,\n\
                        2,b@x.com,7.5,10001,no,50,\n\
                        3,,50,02134,yes,,\n";

    #[test]
    fn the_proposal_has_roles_types_and_samples() {
        let cols = propose(FILE).unwrap();
        let summary: Vec<(&str, RoleChoice, AttrKind)> = cols.iter().map(|c| (c.header.as_str(), c.role, c.kind)).collect();
        assert_eq!(
            summary,
            [
                ("Person ID", RoleChoice::Id, AttrKind::Text),
                ("E-mail", RoleChoice::Email, AttrKind::Text),
                ("score", RoleChoice::Attribute, AttrKind::Number),
                ("zip", RoleChoice::Attribute, AttrKind::Text),
                ("vip", RoleChoice::Attribute, AttrKind::YesNo),
                ("note", RoleChoice::Attribute, AttrKind::Text),
                ("", RoleChoice::Ignore, AttrKind::Text),
            ]
        );
        assert_eq!(cols[2].samples, ["50", "7.5"], "distinct values");
        assert_eq!(cols[1].samples, ["a@x.com", "b@x.com"], "empty cells skipped");
        assert!(cols[6].samples.is_empty());
        assert!(check(&cols).is_ok());
    }

    #[test]
    fn the_mapping_round_trips_to_the_engine_with_edited_types() {
        let mut cols = propose(FILE).unwrap();
        cols[3].kind = AttrKind::Number;
        let m = to_mapping(&cols);
        assert_eq!(m.columns[3].role, Role::Attribute { name: "zip".into(), kind: AttrKind::Number });
        assert_eq!(m.columns[0].role, Role::Id);
        assert_eq!(m.columns[6].role, Role::Ignore);
        assert!(m.problems().is_empty());
        let r = engine::audience::import_people(FILE, &m, engine::audience::ImportMode::AllOrNothing);
        assert!(r.is_clean(), "{:?}", r.errors);
        assert_eq!(r.imported.person(0).attr("zip"), Some(engine::audience::AttrRef::Num(2134.0)));
    }

    #[test]
    fn checks_explain_each_problem_next_to_its_column() {
        let mut cols = propose(FILE).unwrap();
        cols[0].role = RoleChoice::Attribute;
        let c = check(&cols);
        assert_eq!(c.overall, ["Choose the column that holds each person's id: exactly one column must be Id."]);
        assert!(!c.is_ok());

        let mut cols = propose(FILE).unwrap();
        cols[5].role = RoleChoice::Id;
        let c = check(&cols);
        assert!(c.overall.is_empty());
        assert_eq!(c.per_column[0].as_deref(), Some("Id is also chosen for “note”: only one column can be Id."));
        assert_eq!(c.per_column[5].as_deref(), Some("Id is also chosen for “Person ID”: only one column can be Id."));
        assert_eq!(c.per_column[1], None);

        let mut cols = propose(FILE).unwrap();
        cols[6].role = RoleChoice::Attribute;
        assert_eq!(
            check(&cols).per_column[6].as_deref(),
            Some("This column has no header to name the attribute: choose Ignore.")
        );
        let mut cols = propose("id,a,a\n1,x,y\n").unwrap();
        assert_eq!(check(&cols).per_column[2].as_deref(), Some("Another column is also the attribute “a”: ignore one of them."));
        cols[2].role = RoleChoice::Ignore;
        assert!(check(&cols).is_ok());
    }

    #[test]
    fn choices_have_stable_option_values() {
        for r in RoleChoice::ALL {
            assert_eq!(RoleChoice::from_value(r.value()), Some(r));
        }
        for k in KINDS {
            assert_eq!(kind_from_value(k.name()), Some(k));
        }
        assert_eq!(RoleChoice::from_value("nope"), None);
    }

    #[test]
    fn a_file_without_a_header_is_refused() {
        assert_eq!(propose("").unwrap_err().line, 1);
    }
}
