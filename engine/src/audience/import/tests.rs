use super::*;
use crate::audience::Filter;
use crate::model::{AttrOp, AttrValue};
use chrono_tz::Tz;

fn roles(m: &Mapping) -> Vec<Role> {
    m.columns.iter().map(|c| c.role.clone()).collect()
}

fn attr(name: &str, kind: AttrKind) -> Role {
    Role::Attribute { name: name.into(), kind }
}

fn lines(r: &ImportReport<impl Sized>) -> Vec<String> {
    r.error_lines()
}

// ---------------------------------------------------------------- cells and detection

#[test]
fn numbers_are_strict_decimals() {
    for (s, v) in [("50", 50.0), (" -3.5 ", -3.5), ("+2", 2.0), (".5", 0.5), ("5.", 5.0), ("1e3", 1000.0), ("007", 7.0)] {
        assert_eq!(parse_number(s), Some(v), "{s:?}");
    }
    for s in ["", "-", ".", "1,000", "1e", "inf", "NaN", "0x10", "1e999", "5 5", "€5"] {
        assert_eq!(parse_number(s), None, "{s:?}");
    }
}

#[test]
fn yes_no_words() {
    for s in ["true", "TRUE", "Yes", "1", " yes "] {
        assert_eq!(parse_yes_no(s), Some(true), "{s:?}");
    }
    for s in ["false", "No", "0"] {
        assert_eq!(parse_yes_no(s), Some(false));
    }
    for s in ["", "y", "2", "nope", "y e s"] {
        assert_eq!(parse_yes_no(s), None);
    }
}

#[test]
fn kind_detection() {
    use AttrKind::*;
    let k = |cells: &[&str]| detect_kind(cells.iter().copied());
    assert_eq!(k(&["50", "", "12.5", "-3"]), Number);
    assert_eq!(k(&["0", "1", "1"]), Number, "0/1 only: a number (number comes first)");
    assert_eq!(k(&["yes", "0", "TRUE", ""]), YesNo);
    assert_eq!(k(&["true", "false"]), YesNo);
    assert_eq!(k(&["007", "12"]), Text, "a leading zero makes a code");
    assert_eq!(k(&["02134"]), Text);
    assert_eq!(k(&["0", "0.5", "-0.25"]), Number, "0 and 0.x are numbers");
    assert_eq!(k(&["smb", "50"]), Text);
    assert_eq!(k(&["inf"]), Text);
    assert_eq!(k(&["1,5"]), Text);
}

#[test]
fn mapping_detects_roles_by_name_and_kinds_by_values() {
    let text = "Person ID,E-mail,TimeZone,Unsubscribed,marketing_suspended,Email Invalid,email,score,zip,vip,note,empty\n\
                1,a@x.com,Europe/Berlin,no,0,false,other@x.com,50,02134,yes,hello,\n\
                2,b@x.com,,yes,1,true,,7.5,10001,no,50,\n";
    let m = propose_mapping(text).unwrap();
    assert_eq!(
        roles(&m),
        [
            Role::Id,
            Role::Email,
            Role::TimeZone,
            Role::Unsubscribed,
            Role::MarketingSuspended,
            Role::EmailInvalid,
            attr("email", AttrKind::Text),
            attr("score", AttrKind::Number),
            attr("zip", AttrKind::Text),
            attr("vip", AttrKind::YesNo),
            attr("note", AttrKind::Text),
            attr("empty", AttrKind::Text),
        ]
    );
    assert_eq!(m.columns[0].header, "Person ID");
    assert!(m.problems().is_empty());
    assert_eq!(role_for_header(" lead_id "), Some(Role::Id));
    assert_eq!(role_for_header("tz"), Some(Role::TimeZone));
    assert_eq!(role_for_header("segment"), None);
}

#[test]
fn mapping_of_an_empty_or_unreadable_file() {
    assert_eq!(propose_mapping("").unwrap_err().message, "the file is empty: expected a header line");
    assert_eq!(propose_mapping("\u{feff}\n\n").unwrap_err().line, 1);
    assert_eq!(propose_mapping("\"id,email\n").unwrap_err().line, 1);
}

#[test]
fn an_imported_50_is_a_number_so_gte_50_holds() {
    let text = "id,score,segment\n1,50,smb\n2,49.5,smb\n3,,enterprise\n4,120,\"50\"\n";
    let m = propose_mapping(text).unwrap();
    let r = import_people(text, &m, ImportMode::AllOrNothing);
    assert!(r.is_clean(), "{:?}", lines(&r));
    let a = &r.imported;
    let f = Filter { attributes: vec![("score".into(), AttrOp::Gte(50.0))], ..Filter::default() };
    assert_eq!(a.matching(&f), [0, 3]);
    assert_eq!(a.person(0).attr("score"), Some(AttrRef::Num(50.0)));
    assert_eq!(a.person(2).attr("score"), None, "an empty cell is a missing attribute");
    // The segment column is text, so its "50" is the string "50" (R-CD-2).
    assert_eq!(a.person(3).to_person().attributes["segment"], AttrValue::Str("50".into()));
}

// ---------------------------------------------------------------- people

const PEOPLE: &str = "id,email,time_zone,unsubscribed,score,vip,segment\n\
    1001,ana@example.com,Europe/Lisbon,no,12,yes,smb\n\
    1002,bo@example.com,,1,75.5,,\"Enterprise, EMEA\"\n\
    1003,,America/New_York,,,no,\" spaced \"\n";

#[test]
fn people_import_reads_every_column() {
    let m = propose_mapping(PEOPLE).unwrap();
    let r = import_people(PEOPLE, &m, ImportMode::AllOrNothing);
    assert!(r.is_clean(), "{:?}", lines(&r));
    assert_eq!((r.rows, r.valid_rows, r.bad_rows), (3, 3, 0));
    let people = r.imported.to_people();
    assert_eq!(people[0].id.as_str(), "1001");
    assert_eq!(people[0].email.as_deref(), Some("ana@example.com"));
    assert_eq!(people[0].time_zone, Some(Tz::Europe__Lisbon));
    assert!(!people[0].unsubscribed);
    assert_eq!(people[0].attributes["score"], AttrValue::Num(12.0));
    assert_eq!(people[0].attributes["vip"], AttrValue::Bool(true));
    assert_eq!(people[1].time_zone, None);
    assert!(people[1].unsubscribed);
    assert_eq!(people[1].attributes["segment"], AttrValue::Str("Enterprise, EMEA".into()));
    assert!(!people[1].attributes.contains_key("vip"));
    assert_eq!(people[2].email, None);
    assert_eq!(people[2].attributes["segment"], AttrValue::Str(" spaced ".into()), "text kept as written");
    assert!(!people[2].attributes.contains_key("score"));
}

#[test]
fn crlf_bom_and_line_breaks_in_fields_keep_true_line_numbers() {
    let text = "\u{feff}id,note,score\r\n1,\"two\r\nlines\",1\r\n2,ok,x\r\n3,\"a\nb\nc\",2\r\n,missing,3\r\n";
    let m = Mapping {
        columns: vec![
            ColumnMapping { header: "id".into(), role: Role::Id },
            ColumnMapping { header: "note".into(), role: attr("note", AttrKind::Text) },
            ColumnMapping { header: "score".into(), role: attr("score", AttrKind::Number) },
        ],
    };
    let r = import_people(text, &m, ImportMode::ValidRowsOnly);
    assert_eq!(lines(&r), ["line 4, column \"score\": \"x\" is not a number", "line 8, column \"id\": missing id"]);
    assert_eq!(r.imported.len(), 2);
    assert_eq!(r.imported.person(0).attr("note"), Some(AttrRef::Str("two\r\nlines")));
    assert_eq!(r.imported.person(1).attr("note"), Some(AttrRef::Str("a\nb\nc")));
}

#[test]
fn every_row_error_is_listed_with_its_line_and_column() {
    let text = "id,email,time_zone,unsubscribed,score,vip\n\
        1,a@x.com,Europe/Berlin,no,10,yes\n\
        ,b@x.com,,,,\n\
        1,c@x.com,,,,\n\
        4,d@x.com,Mars/Olympus,,,\n\
        5,e@x.com,,maybe,,\n\
        6,f@x.com,,,ten,\n\
        7,g@x.com,,,,perhaps\n\
        8,h@x.com\n\
        9,\"i@x.com\"x,,,,\n\
        10,j@x.com,UTC,true,1e2,0\n";
    let m = propose_mapping("id,email,time_zone,unsubscribed,score,vip\n1,a,,no,1,yes\n").unwrap();
    assert_eq!(roles(&m)[4..], [attr("score", AttrKind::Number), attr("vip", AttrKind::YesNo)]);
    let r = import_people(text, &m, ImportMode::AllOrNothing);
    assert_eq!(
        lines(&r),
        [
            "line 3, column \"id\": missing id",
            "line 4, column \"id\": duplicate id \"1\" (first on line 2)",
            "line 5, column \"time_zone\": unknown time zone \"Mars/Olympus\" (expected an IANA name such as Europe/Berlin)",
            "line 6, column \"unsubscribed\": \"maybe\" is not yes/no (expected true, false, yes, no, 1 or 0)",
            "line 7, column \"score\": \"ten\" is not a number",
            "line 8, column \"vip\": \"perhaps\" is not yes/no (expected true, false, yes, no, 1 or 0)",
            "line 9: 2 fields, expected 6 as in the header",
            "line 10: text after the closing quote of a field (a quote inside a quoted field is written \"\")",
        ]
    );
    assert_eq!((r.rows, r.valid_rows, r.bad_rows), (10, 2, 8));
    assert_eq!(r.imported.len(), 0, "all or nothing: nothing");
    assert_eq!(r.imported.attribute_columns().count(), 2, "the columns are still there");

    let r = import_people(text, &m, ImportMode::ValidRowsOnly);
    assert_eq!(r.errors.len(), 8);
    assert_eq!(r.imported.len(), 2);
    assert_eq!(r.imported.person(1).id(), "10");
    assert_eq!(r.imported.person(1).attr("score"), Some(AttrRef::Num(100.0)));
    assert_eq!(r.imported.person(1).attr("vip"), Some(AttrRef::Bool(false)));
    assert!(r.imported.person(1).unsubscribed());
}

#[test]
fn several_errors_of_one_row_are_all_listed() {
    let text = "id,time_zone,score\n1,Nowhere,abc\n";
    let m = propose_mapping("id,time_zone,score\n1,UTC,1\n").unwrap();
    let r = import_people(text, &m, ImportMode::ValidRowsOnly);
    assert_eq!(r.errors.len(), 2);
    assert_eq!(r.bad_rows, 1);
    assert!(r.errors.iter().all(|e| e.line == 2));
}

#[test]
fn a_duplicate_of_a_bad_row_is_still_a_duplicate() {
    let text = "id,score\n1,abc\n1,5\n";
    let m = propose_mapping("id,score\n1,5\n").unwrap();
    let r = import_people(text, &m, ImportMode::ValidRowsOnly);
    assert_eq!(r.bad_rows, 2);
    assert_eq!(r.errors[1].to_string(), "line 3, column \"id\": duplicate id \"1\" (first on line 2)");
}

#[test]
fn file_level_problems_stop_the_import() {
    let m = propose_mapping(PEOPLE).unwrap();
    let r = import_people("", &m, ImportMode::ValidRowsOnly);
    assert_eq!(lines(&r), ["line 1: the file is empty: expected a header line"]);
    let r = import_people("id,email\n1,a\n", &m, ImportMode::ValidRowsOnly);
    assert_eq!(lines(&r), ["line 1: the header has 2 columns but the mapping 7; propose the mapping again"]);
    let mut bad = m.clone();
    bad.columns[0].role = Role::Ignore;
    bad.columns[5].role = attr("score", AttrKind::Text);
    bad.columns[6].role = Role::Email;
    let r = import_people(PEOPLE, &bad, ImportMode::ValidRowsOnly);
    assert_eq!(
        lines(&r),
        [
            "line 1: no column is mapped to id (every person needs one)",
            "line 1: columns \"email\", \"segment\" are all mapped to email; map one",
            "line 1: columns \"score\" and \"vip\" are both mapped to attribute \"score\"",
        ]
    );
    assert_eq!(r.imported.len(), 0);
}

#[test]
fn ignored_columns_and_renamed_attributes() {
    let mut m = propose_mapping(PEOPLE).unwrap();
    m.columns[4].role = Role::Ignore;
    m.columns[6].role = attr("tier", AttrKind::Text);
    let r = import_people(PEOPLE, &m, ImportMode::AllOrNothing);
    assert!(r.is_clean());
    assert_eq!(r.imported.attribute_names(), ["vip", "tier"]);
}

#[test]
fn the_error_list_is_capped_but_counted() {
    let mut text = String::from("id,score\n");
    for i in 0..MAX_REPORTED_ERRORS + 500 {
        text.push_str(&format!("{i},bad\n"));
    }
    let m = Mapping {
        columns: vec![
            ColumnMapping { header: "id".into(), role: Role::Id },
            ColumnMapping { header: "score".into(), role: attr("score", AttrKind::Number) },
        ],
    };
    let r = import_people(&text, &m, ImportMode::ValidRowsOnly);
    assert_eq!(r.errors.len(), MAX_REPORTED_ERRORS);
    assert_eq!(r.errors_omitted, 500);
    assert_eq!(r.bad_rows, MAX_REPORTED_ERRORS + 500);
    assert_eq!(r.errors[MAX_REPORTED_ERRORS - 1].line, MAX_REPORTED_ERRORS + 1);
}

// ---------------------------------------------------------------- history, program history, memberships

fn plan() -> Plan {
    crate::plan::load_plan(
        r#"{
        "format": "engagement-plan", "version": 1, "workspace": {},
        "emails": [ { "id": "e1", "approved": true }, { "id": "e2", "approved": true } ],
        "programs": [ { "id": "p-web" } ],
        "engagement_programs": [
          { "id": "ep-a", "streams": [ { "id": "s-a1" }, { "id": "s-a2" } ] },
          { "id": "ep-b", "streams": [ { "id": "s-b1" } ] }
        ],
        "people": [ { "id": "1001" } ],
        "memberships": [ { "person": "1001", "program": "ep-b", "stream": "s-b1", "added_at": "2027-01-01T00:00:00Z" } ],
        "simulation": { "start": "2027-01-01T00:00:00Z", "end": "2027-03-01T00:00:00Z" }
    }"#,
    )
    .unwrap()
}

fn audience() -> Audience {
    let r = import_people("id\n1001\n1002\n1003\n", &propose_mapping("id\n1\n").unwrap(), ImportMode::AllOrNothing);
    assert!(r.is_clean());
    r.imported
}

#[test]
fn history_import() {
    let text = "Person,email,at,engagement,opened,clicked\n\
        1001,e1,2026-12-20T15:00:00Z,true,yes,\n\
        1002,e2,,,,1\n\
        9999,e1,,,,\n\
        1001,e9,,,,\n\
        1001,p-web,,,,\n\
        1001,e1,2027-01-01T00:00:00Z,,,\n\
        1001,e1,2026-12-20,,,\n\
        1001,e1,,maybe,,\n\
        ,,,,,\n";
    let r = import_history(text, &plan(), &audience(), ImportMode::ValidRowsOnly);
    assert_eq!(
        lines(&r),
        [
            "line 4, column \"person\": unknown person \"9999\" (not in the audience)",
            "line 5, column \"email\": unknown email \"e9\"",
            "line 6, column \"email\": \"p-web\" is a program, not an email",
            "line 7, column \"at\": at 2027-01-01T00:00:00Z is not before simulation.start 2027-01-01T00:00:00Z",
            "line 8, column \"at\": invalid instant \"2026-12-20\" (expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or ±HH:MM)",
            "line 9, column \"engagement\": \"maybe\" is not yes/no (expected true, false, yes, no, 1 or 0)",
            "line 10, column \"person\": missing person",
            "line 10, column \"email\": missing email",
        ]
    );
    assert_eq!((r.rows, r.valid_rows, r.bad_rows), (9, 2, 7));
    let h = &r.imported;
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].person.as_str(), "1001");
    assert_eq!(h[0].at, Some(crate::time::parse_instant("2026-12-20T15:00:00Z").unwrap()));
    assert!(h[0].engagement && h[0].opened && !h[0].clicked);
    assert_eq!(h[1].at, None);
    assert!(h[1].clicked);
    let r = import_history(text, &plan(), &audience(), ImportMode::AllOrNothing);
    assert!(r.imported.is_empty());
}

#[test]
fn history_headers_are_checked() {
    let r = import_history("person,mail,at,at\n", &plan(), &audience(), ImportMode::ValidRowsOnly);
    assert_eq!(
        lines(&r),
        [
            "line 1: unknown column \"mail\" (expected person, email, at, engagement, opened, clicked)",
            "line 1: column \"at\" appears twice",
            "line 1: missing column \"email\"",
        ]
    );
    let r = import_history("email,person\ne1,1003\n", &plan(), &audience(), ImportMode::AllOrNothing);
    assert!(r.is_clean());
    assert_eq!(r.imported[0].person.as_str(), "1003");
}

#[test]
fn program_history_import() {
    let text = "person,program,status,at\n\
        1001,p-web,success,2026-11-01T10:00:00+01:00\n\
        1002,p-web,Member,\n\
        1001,e1,member,\n\
        1001,ep-a,member,\n\
        1001,p-none,member,\n\
        1001,p-web,registered,\n";
    let r = import_program_history(text, &plan(), &audience(), ImportMode::ValidRowsOnly);
    assert_eq!(
        lines(&r),
        [
            "line 4, column \"program\": \"e1\" is an email, not a program",
            "line 5, column \"program\": \"ep-a\" is an engagement program; an engagement program is never content (R-CO-1)",
            "line 6, column \"program\": unknown program \"p-none\"",
            "line 7, column \"status\": \"registered\" is not a status (expected member or success)",
        ]
    );
    assert_eq!(r.imported.len(), 2);
    assert_eq!(r.imported[0].status, ProgramStatus::Success);
    assert_eq!(r.imported[1].status, ProgramStatus::Member);
    assert_eq!(r.imported[0].at.unwrap().to_string(), "2026-11-01T09:00:00Z");
}

#[test]
fn membership_import() {
    let now = crate::time::parse_instant("2027-02-01T12:00:00Z").unwrap();
    let text = "person,program,stream,cadence,added_at\n\
        1002,ep-a,s-a1,,\n\
        1003,ep-a,s-a2,paused,2027-01-15T00:00:00Z\n\
        1002,ep-a,s-a2,,\n\
        1001,ep-b,s-b1,,\n\
        1001,ep-a,s-b1,,\n\
        1001,ep-x,s-a1,,\n\
        1001,p-web,s-a1,,\n\
        1001,ep-a,s-zz,,\n\
        1001,ep-a,s-a1,sometimes,\n\
        1001,ep-a,s-a1,,yesterday\n\
        1001,ep-a,s-a1,normal,\n";
    let r = import_memberships(text, &plan(), &audience(), now, ImportMode::ValidRowsOnly);
    assert_eq!(
        lines(&r),
        [
            "line 4, column \"person\": person \"1002\" is already in ep-a by line 2 (R-ME-1)",
            "line 5, column \"person\": person \"1001\" is already in ep-b by the plan's memberships (R-ME-1)",
            "line 6, column \"stream\": stream \"s-b1\" is not in ep-a (it is in ep-b)",
            "line 7, column \"program\": unknown engagement program \"ep-x\"",
            "line 8, column \"program\": \"p-web\" is a content program, not an engagement program",
            "line 9, column \"stream\": unknown stream \"s-zz\"",
            "line 10, column \"cadence\": \"sometimes\" is not a person cadence (expected normal or paused)",
            "line 11, column \"added_at\": invalid instant \"yesterday\" (expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or ±HH:MM)",
        ]
    );
    let m = &r.imported;
    assert_eq!(m.len(), 3);
    assert_eq!((m[0].person.as_str(), m[0].program.as_str(), m[0].stream.as_str()), ("1002", "ep-a", "s-a1"));
    assert_eq!(m[0].added_at, now);
    assert_eq!(m[0].cadence, PersonCadence::Normal);
    assert_eq!(m[1].cadence, PersonCadence::Paused);
    assert_eq!(m[1].added_at.to_string(), "2027-01-15T00:00:00Z");
    assert_eq!(m[2].person.as_str(), "1001");
    // Imported memberships make a valid plan (the loader's own R-ME-1 and stream checks).
    let mut p = plan();
    p.people = audience().to_people();
    p.memberships.extend(m.iter().cloned());
    let text = crate::plan::save_plan(&p);
    assert!(crate::plan::load_plan(&text).is_ok());
}

#[test]
fn a_file_over_the_size_cap_is_refused_by_its_size() {
    let e = too_large(17, 5).unwrap();
    assert_eq!(e.to_string(), "line 1: the file is 17 bytes; the largest file imported is 5 bytes");
    assert_eq!(too_large(5, 5), None);
    assert_eq!(MAX_IMPORT_BYTES, MAX_CSV_BYTES);
}
