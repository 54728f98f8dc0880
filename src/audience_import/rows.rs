//! Memberships, send history and program history files: read with the
//! engine's importers against the plan, put in with one undoable
//! [`Edit::ImportRows`].

use engine::audience::import::MAX_CSV_BYTES;
use engine::audience::{import_history, import_memberships, import_program_history, Audience, ImportMode, RowError};
use engine::edit::{Edit, ImportedRows};
use engine::model::Plan;
use engine::time::Instant;

use super::kind::ImportKind;
use super::report::Findings;

/// Why a file is refused by its size alone (before reading it).
pub fn size_problem(name: &str, bytes: f64) -> Option<String> {
    (bytes > MAX_CSV_BYTES as f64).then(|| {
        format!(
            "{name} is {:.1} MB; files over {} MB cannot be imported. Split it into smaller files.",
            bytes / (1024.0 * 1024.0),
            MAX_CSV_BYTES / (1024 * 1024)
        )
    })
}

/// The plan's parts the importers check references against, without the
/// people and history (large, and not read by them); with the memberships
/// only when appending (R-ME-1 against the current ones).
fn references(plan: &Plan, keep_memberships: bool) -> Plan {
    Plan {
        workspace: plan.workspace.clone(),
        emails: plan.emails.clone(),
        programs: plan.programs.clone(),
        engagement_programs: plan.engagement_programs.clone(),
        people: Vec::new(),
        memberships: if keep_memberships { plan.memberships.clone() } else { Vec::new() },
        history: Vec::new(),
        program_history: Vec::new(),
        behavior: None,
        events: Vec::new(),
        simulation: plan.simulation,
    }
}

/// Reads `text` as a file of `kind` (not [`ImportKind::People`]) against
/// `plan`: what it found, and its valid rows. `replace`: the rows will
/// replace the plan's rows of that kind (memberships then need not be new).
pub fn read(kind: ImportKind, text: &str, plan: &Plan, replace: bool, now: Instant) -> (Findings, ImportedRows) {
    let audience = match Audience::from_people(&plan.people) {
        Ok(a) => a,
        Err(e) => {
            let f = Findings { errors: vec![RowError { line: 1, column: None, message: e.to_string() }], ..Findings::default() };
            return (f, ImportedRows::Memberships(Vec::new()));
        }
    };
    let mode = ImportMode::ValidRowsOnly;
    match kind {
        ImportKind::Memberships => {
            let r = import_memberships(text, &references(plan, !replace), &audience, now, mode);
            (Findings::from_report(&r), ImportedRows::Memberships(r.imported))
        }
        ImportKind::History => {
            let r = import_history(text, &references(plan, false), &audience, mode);
            (Findings::from_report(&r), ImportedRows::History(r.imported))
        }
        ImportKind::ProgramHistory | ImportKind::People => {
            let r = import_program_history(text, &references(plan, false), &audience, mode);
            (Findings::from_report(&r), ImportedRows::ProgramHistory(r.imported))
        }
    }
}

/// The edit that puts `rows` in.
pub fn edit(rows: ImportedRows, replace: bool, file: &str) -> Edit {
    Edit::ImportRows { rows, replace, source: file.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::edit::History;
    use engine::generate::sample_plan;

    fn now() -> Instant {
        engine::time::parse_instant("2026-12-01T00:00:00Z").unwrap()
    }

    #[test]
    fn an_unknown_stream_names_its_line_and_the_valid_rows_are_kept() {
        let plan = sample_plan();
        let ep = &plan.engagement_programs[0];
        let taken: std::collections::HashSet<&str> =
            plan.memberships.iter().filter(|m| m.program == ep.id).map(|m| m.person.as_str()).collect();
        let free: Vec<&str> = plan.people.iter().map(|p| p.id.as_str()).filter(|id| !taken.contains(id)).take(2).collect();
        let text = format!(
            "person,program,stream\n{},{},{}\n{},{},no-such-stream\n",
            free[0], ep.id, ep.streams[0].id, free[1], ep.id
        );
        let (f, rows) = read(ImportKind::Memberships, &text, &plan, false, now());
        assert_eq!((f.rows, f.valid, f.bad), (2, 1, 1));
        assert_eq!(f.errors[0].line, 3);
        assert_eq!(f.errors[0].column.as_deref(), Some("stream"));
        assert_eq!(rows.len(), 1);
        let mut p = plan.clone();
        let mut h = History::new();
        let a = h.apply(&mut p, edit(rows, false, "m.csv"), now()).unwrap();
        assert_eq!(a.description, "Imported 1 membership from m.csv");
        assert_eq!(p.memberships.len(), plan.memberships.len() + 1);
        h.undo(&mut p);
        assert!(p == plan);
    }

    #[test]
    fn replacing_memberships_does_not_count_the_current_ones_as_duplicates() {
        let plan = sample_plan();
        let m = &plan.memberships[0];
        let text = format!("person,program,stream\n{},{},{}\n", m.person, m.program, m.stream);
        let (f, _) = read(ImportKind::Memberships, &text, &plan, false, now());
        assert_eq!(f.bad, 1, "R-ME-1 against the current memberships: {:?}", f.errors);
        assert!(f.errors[0].message.contains("R-ME-1"));
        let (f, rows) = read(ImportKind::Memberships, &text, &plan, true, now());
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let mut p = plan.clone();
        engine::edit::apply(&mut p, &edit(rows, true, "m.csv"), now()).unwrap();
        assert_eq!(p.memberships.len(), 1);
    }

    #[test]
    fn history_and_program_history_files_are_read() {
        let plan = sample_plan();
        let person = &plan.people[0].id;
        let email = &plan.emails[0].id;
        let (f, rows) = read(ImportKind::History, &format!("person,email,opened\n{person},{email},yes\n"), &plan, false, now());
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(rows.len(), 1);
        let (f, _) = read(ImportKind::ProgramHistory, "person,program\nx,y\n", &plan, false, now());
        assert!(f.file_refused());
        assert_eq!(f.errors[0].message, "missing column \"status\"");
    }

    #[test]
    fn big_files_are_refused_by_size() {
        assert_eq!(size_problem("a.csv", 1_000.0), None);
        assert_eq!(
            size_problem("big.csv", 150.0 * 1024.0 * 1024.0).as_deref(),
            Some("big.csv is 150.0 MB; files over 100 MB cannot be imported. Split it into smaller files.")
        );
    }
}
