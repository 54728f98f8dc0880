//! Big hostile files (issue 6, "Hostile input"): 100 MB of junk is refused
//! at its first error, with a message naming where, and never read whole
//! (the CSV importers stop after the header: no row is counted). Files
//! over the size cap are refused by their size alone (the caps' own tests
//! are next to them: `plan::tests::plan_size_cap_refuses_before_parsing`,
//! `audience::import::tests::a_file_over_the_size_cap_is_refused_by_its_size`).

use engine::audience::import::{import_history, import_memberships, import_program_history, propose_mapping, ImportMode};
use engine::audience::Audience;
use engine::time::Instant;

const JUNK_BYTES: usize = 100 * 1024 * 1024;

/// `head` followed by junk lines up to 100 MB.
fn junk_after(head: &str) -> String {
    let mut s = String::with_capacity(JUNK_BYTES + head.len());
    s.push_str(head);
    let line = "#!@ junk \u{1F4A5} ,;\"'{[ 0xDEADBEEF \\u0000 %%% }}]] lorem ipsum ~~~\n";
    while s.len() < JUNK_BYTES {
        s.push_str(line);
    }
    s
}

#[test]
fn a_100_mb_junk_plan_is_refused_at_its_first_error() {
    let text = junk_after("{\n  \"format\": \"engagement-plan\",\n  ");
    assert!(text.len() >= JUNK_BYTES);
    let errors = engine::plan::load_plan(&text).unwrap_err();
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("invalid JSON at line 3, column 3"), "{lines:?}");
}

#[test]
fn a_100_mb_junk_csv_is_refused_at_its_header() {
    let plan = engine::generate::sample_plan();
    let audience = Audience::from_people(&plan.people).unwrap();
    let text = junk_after("");
    for mode in [ImportMode::AllOrNothing, ImportMode::ValidRowsOnly] {
        let h = import_history(&text, &plan, &audience, mode);
        let ph = import_program_history(&text, &plan, &audience, mode);
        let m = import_memberships(&text, &plan, &audience, Instant(0), mode);
        let reports = [
            ("history", h.error_lines(), h.rows),
            ("program history", ph.error_lines(), ph.rows),
            ("memberships", m.error_lines(), m.rows),
        ];
        for (what, errors, rows) in reports {
            assert_eq!(rows, 0, "{what}: no row read after the bad header");
            assert!(!errors.is_empty() && errors.iter().all(|e| e.starts_with("line 1: ")), "{what}: {errors:?}");
        }
    }
    // The people importer proposes a mapping from the columns it finds; a
    // junk header has no id column, which the import then refuses.
    let junk_people = junk_after("");
    if let Ok(mapping) = propose_mapping(&junk_people) {
        let report = engine::audience::import::import_people(&junk_people, &mapping, ImportMode::AllOrNothing);
        assert!(!report.is_clean());
        assert_eq!(report.errors[0].line, 1, "{:?}", report.errors[0]);
        assert_eq!(report.valid_rows, 0);
    }
}
