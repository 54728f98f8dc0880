//! The shared conformance scenarios (copied into tests/fixtures/scenarios):
//! each plan's send log, and where given its scores, must match byte for
//! byte. Also runs the `engagement-sim` binary on them, as a user would.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios")
}

fn scenario_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".plan.json").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 14, "expected the shared scenarios in {:?}", fixtures());
    names
}

fn read(name: &str, suffix: &str) -> Option<String> {
    std::fs::read_to_string(fixtures().join(format!("{name}{suffix}"))).ok()
}

fn first_difference(got: &str, want: &str) -> String {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            return format!("line {}: got {g:?}, expected {w:?}", i + 1);
        }
    }
    format!("got {} lines, expected {}", got.lines().count(), want.lines().count())
}

#[test]
fn every_scenario_send_log_matches_byte_for_byte() {
    let mut failures = Vec::new();
    for name in scenario_names() {
        let text = read(&name, ".plan.json").unwrap();
        let plan = match engine::plan::load_plan(&text) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: refused: {e}"));
                continue;
            }
        };
        let want = read(&name, ".expected.csv").unwrap();
        match engine::output::send_log(&plan) {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!("{name}: {}", first_difference(&got, &want))),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
        if let Some(want) = read(&name, ".expected-scores.csv") {
            match engine::output::scores(&plan) {
                Ok(got) if got == want => {}
                Ok(got) => failures.push(format!("{name} --scores: {}", first_difference(&got, &want))),
                Err(e) => failures.push(format!("{name} --scores: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "scenarios failing:\n{}", failures.join("\n"));
}

/// explain(person) replays one person alone; its non-move rows must be that
/// person's rows of the full log, in order.
#[test]
fn explain_agrees_with_the_full_log_on_every_scenario() {
    for name in scenario_names() {
        let plan = engine::plan::load_plan(&read(&name, ".plan.json").unwrap()).unwrap();
        let log = engine::output::send_log(&plan).unwrap();
        for person in &plan.people {
            let id = person.id.as_str();
            let want: Vec<String> = log
                .lines()
                .skip(1)
                .filter(|l| l.split(',').nth(3) == Some(id))
                .map(|l| {
                    let f: Vec<&str> = l.split(',').collect();
                    format!("{},{},{},{},{}", f[0], f[1], f[2], f[4], f[5])
                })
                .collect();
            let got: Vec<String> = engine::explain::explain(&plan, id)
                .unwrap()
                .into_iter()
                .filter(|e| e.outcome != "moved")
                .map(|e| {
                    format!(
                        "{},{},{},{},{}",
                        e.at.log_format(),
                        e.program,
                        e.stream,
                        e.content.unwrap_or_default(),
                        e.outcome
                    )
                })
                .collect();
            assert_eq!(got, want, "{name}: explain {id}");
        }
    }
}

fn sim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_engagement-sim"))
}

#[test]
fn cli_simulate_prints_exactly_the_expected_files() {
    for name in scenario_names() {
        let plan = fixtures().join(format!("{name}.plan.json"));
        let out = sim().arg("simulate").arg(&plan).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), read(&name, ".expected.csv").unwrap(), "{name}");
        if let Some(want) = read(&name, ".expected-scores.csv") {
            let out = sim().arg("simulate").arg(&plan).arg("--scores").output().unwrap();
            assert!(out.status.success());
            assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{name} --scores");
        }
        let check = sim().arg("check").arg(&plan).output().unwrap();
        assert!(check.status.success() && check.stdout.is_empty() && check.stderr.is_empty(), "{name}: check");
    }
}

/// The summary's counts add up to the log's rows, group by group.
#[test]
fn cli_summary_counts_match_the_log() {
    for name in scenario_names() {
        let plan = fixtures().join(format!("{name}.plan.json"));
        let out = sim().arg("simulate").arg(&plan).arg("--summary").output().unwrap();
        assert!(out.status.success());
        let summary = String::from_utf8(out.stdout).unwrap();
        let mut lines = summary.lines();
        assert_eq!(lines.next(), Some("at,program,stream,content,outcome,count"));
        let mut expanded = Vec::new();
        for l in lines {
            let f: Vec<&str> = l.split(',').collect();
            let n: usize = f[5].parse().unwrap();
            for _ in 0..n {
                expanded.push(format!("{},{},{},{},{}", f[0], f[1], f[2], f[3], f[4]));
            }
        }
        let log = read(&name, ".expected.csv").unwrap();
        let mut rows: Vec<String> = log
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                format!("{},{},{},{},{}", f[0], f[1], f[2], f[4], f[5])
            })
            .collect();
        let mut sorted = expanded.clone();
        sorted.sort();
        rows.sort();
        assert_eq!(sorted, rows, "{name}: summary groups");
    }
}

#[test]
fn cli_refuses_a_malformed_plan_with_every_error_and_no_output() {
    let dir = std::env::temp_dir().join(format!("engagement-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.plan.json");
    std::fs::write(
        &bad,
        r#"{"format":"engagement-plan","version":1,"workspace":{"time_zone":"Mars/Olympus"},
            "engagement_programs":[{"id":"ep","streams":[{"id":"s","cadence":{"repeats":"weekly","every":1,
            "days":["tues"],"time":"09:00","first_cast":"2027-01-05"}}]}],
            "simulation":{"start":"2027-01-01T00:00:00Z","end":"2027-02-01T00:00:00Z"}}"#,
    )
    .unwrap();
    for args in [vec!["simulate"], vec!["simulate", "--summary"], vec!["check"]] {
        let out = sim().args(&args[..1]).arg(&bad).args(&args[1..]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("workspace.time_zone"), "{err}");
        assert!(err.contains("engagement_programs[0].streams[0].cadence.days[0]"), "{err}");
        assert!(err.lines().count() >= 2, "every problem listed: {err}");
    }
    let missing = sim().arg("simulate").arg(dir.join("nope.json")).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(missing.stdout.is_empty());
    let misuse = sim().arg("simulate").output().unwrap();
    assert_eq!(misuse.status.code(), Some(2));
    let unknown = sim().args(["frobnicate"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let help = sim().arg("--help").output().unwrap();
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("explain"));
    let plan = fixtures().join("basic_weekly_exhaustion.plan.json");
    let who = sim().arg("explain").arg(&plan).arg("nobody").output().unwrap();
    assert_eq!(who.status.code(), Some(1));
    assert!(who.stdout.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

/// The app's built-in sample (public/sample.plan.json) is exactly what the
/// generator makes, and a valid plan. Regenerate it with
/// `cargo run --release --bin engagement-sim -- generate --sample > public/sample.plan.json`.
#[test]
fn the_app_sample_is_current_and_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/sample.plan.json");
    let text = std::fs::read_to_string(&path).expect("public/sample.plan.json");
    let want = engine::plan::save_plan(&engine::generate::sample_plan()) + "\n";
    assert!(text == want, "public/sample.plan.json is stale: regenerate it (see this test's doc)");
    let out = sim().arg("check").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
