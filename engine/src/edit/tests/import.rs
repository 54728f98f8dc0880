//! Imported rows: memberships (R-ME-1), send history and program history,
//! appended or replacing, each undone and redone as one edit.

use super::*;

fn imported(person: &str, program: &str, stream: &str) -> Membership {
    Membership {
        person: pid(person),
        program: eid(program),
        stream: sid(stream),
        cadence: PersonCadence::Normal,
        added_at: at("2026-12-15T00:00:00Z"),
    }
}

fn import(rows: ImportedRows, replace: bool) -> Edit {
    Edit::ImportRows { rows, replace, source: "rows.csv".into() }
}

fn sent(person: &str, email: &str, when: Option<&str>) -> HistoryEntry {
    HistoryEntry { person: pid(person), email: cid(email), at: when.map(at), engagement: false, opened: true, clicked: false }
}

#[test]
fn appended_memberships_are_undone_and_redone_as_one_edit() {
    let mut plan = sample();
    let before = plan.clone();
    let rows = vec![imported("1003", "ep-new", "s-engaged"), imported("1001", "ep-old", "s-old")];
    let a = ok(&mut plan, import(ImportedRows::Memberships(rows.clone()), false));
    assert_eq!(a.description, "Imported 2 memberships from rows.csv");
    assert_eq!(plan.memberships.len(), 4);
    assert_eq!(&plan.memberships[2..], &rows[..]);

    let mut history = History::new();
    let mut p = before.clone();
    history.apply(&mut p, import(ImportedRows::Memberships(rows), false), now()).unwrap();
    let after = p.clone();
    assert_eq!(history.undo(&mut p).as_deref(), Some("Imported 2 memberships from rows.csv"));
    assert!(p == before);
    history.redo(&mut p).unwrap().unwrap();
    assert!(p == after);
    history.undo(&mut p);
    assert!(p == before);
}

#[test]
fn replacing_memberships_puts_the_old_ones_back_on_undo() {
    let mut plan = sample();
    // 1001 is in ep-new already: fine when replacing (R-ME-1 counts the new list only).
    let rows = vec![imported("1001", "ep-new", "s-engaged")];
    let a = ok(&mut plan, import(ImportedRows::Memberships(rows.clone()), true));
    assert_eq!(a.description, "Replaced the memberships with 1 membership from rows.csv");
    assert_eq!(plan.memberships, rows);
}

#[test]
fn r_me_1_a_person_already_in_the_program_is_refused_naming_the_row() {
    let plan = sample();
    let err = refused(&plan, import(ImportedRows::Memberships(vec![imported("1001", "ep-new", "s-engaged")]), false));
    assert_eq!(err.to_string(), "Imported row 1: person \"1001\" is already in ep-new (R-ME-1)");
    let twice = vec![imported("1003", "ep-new", "s-early"), imported("1003", "ep-new", "s-engaged")];
    let err = refused(&plan, import(ImportedRows::Memberships(twice), true));
    assert_eq!(err.to_string(), "Imported row 2: person \"1003\" is already in ep-new (R-ME-1)");
}

#[test]
fn unknown_people_programs_streams_and_content_are_refused() {
    let plan = sample();
    let m = |p, e, s| import(ImportedRows::Memberships(vec![imported(p, e, s)]), false);
    assert_eq!(refused(&plan, m("9", "ep-new", "s-early")).to_string(), "Imported row 1: there is no person with id \"9\"");
    assert_eq!(
        refused(&plan, m("1003", "nope", "s-early")).to_string(),
        "Imported row 1: there is no engagement program with id \"nope\""
    );
    assert_eq!(
        refused(&plan, m("1003", "ep-new", "s-old")).to_string(),
        "Imported row 1: \"ep-new\" has no stream with id \"s-old\""
    );
    let h = |e: &str| import(ImportedRows::History(vec![sent("1002", e, None)]), false);
    assert_eq!(refused(&plan, h("p-ebook")).to_string(), "Imported row 1: there is no email with id \"p-ebook\"");
    let ph = ProgramHistoryEntry { person: pid("1003"), program: cid("e-welcome"), status: ProgramStatus::Success, at: None };
    assert_eq!(
        refused(&plan, import(ImportedRows::ProgramHistory(vec![ph]), false)).to_string(),
        "Imported row 1: there is no content program with id \"e-welcome\""
    );
}

#[test]
fn history_dates_must_be_before_the_simulation_start() {
    let mut plan = sample();
    plan.simulation = Some(SimulationWindow { start: at("2027-01-01T00:00:00Z"), end: at("2027-06-01T00:00:00Z") });
    let late = import(ImportedRows::History(vec![sent("1002", "e-case", Some("2027-01-01T00:00:00Z"))]), false);
    assert_eq!(
        refused(&plan, late).to_string(),
        "Imported row 1: at 2027-01-01T00:00:00Z is not before simulation.start 2027-01-01T00:00:00Z"
    );
    let rows = vec![sent("1002", "e-case", Some("2026-12-01T00:00:00Z")), sent("1003", "e-news", None)];
    let a = ok(&mut plan, import(ImportedRows::History(rows.clone()), false));
    assert_eq!(a.description, "Imported 2 send history entries from rows.csv");
    assert_eq!(plan.history.len(), 3);
    let a = ok(&mut plan, import(ImportedRows::History(rows.clone()), true));
    assert_eq!(a.description, "Replaced the send history with 2 send history entries from rows.csv");
    assert_eq!(plan.history, rows);
}

#[test]
fn program_history_appends_and_replaces() {
    let mut plan = sample();
    let row = ProgramHistoryEntry { person: pid("1003"), program: cid("p-webinar"), status: ProgramStatus::Success, at: None };
    ok(&mut plan, import(ImportedRows::ProgramHistory(vec![row.clone()]), false));
    assert_eq!(plan.program_history.len(), 2);
    ok(&mut plan, import(ImportedRows::ProgramHistory(vec![row.clone()]), true));
    assert_eq!(plan.program_history, [row]);
    // Replacing with nothing empties the list; appending nothing changes nothing.
    let a = ok(&mut plan, import(ImportedRows::ProgramHistory(vec![]), true));
    assert!(a.changed && plan.program_history.is_empty());
    let a = ok(&mut plan, import(ImportedRows::ProgramHistory(vec![]), false));
    assert!(!a.changed);
    assert_eq!(a.description, "No program history entries to import from rows.csv; nothing changed");
}

#[test]
fn a_large_import_is_undone_by_one_log_entry() {
    let mut plan = sample();
    for i in 0..5_000 {
        plan.people.push(Person::new(format!("x{i}")));
    }
    let rows: Vec<Membership> = (0..5_000).map(|i| imported(&format!("x{i}"), "ep-old", "s-old")).collect();
    let before = plan.clone();
    let (applied, undo) = apply_with_undo(&mut plan, &import(ImportedRows::Memberships(rows), false), now()).unwrap();
    assert_eq!(applied.description, "Imported 5,000 memberships from rows.csv");
    assert_eq!(plan.memberships.len(), 5_002);
    undo.revert(&mut plan);
    assert!(plan == before);
}
