//! Workspace settings, behaviour model, simulation window.

use super::*;

#[test]
fn workspace_name_zone_and_week_start() {
    let mut plan = sample();
    assert_eq!(
        ok(&mut plan, Edit::SetWorkspaceName { name: Some("  Acme  ".into()) }).description,
        "Renamed the workspace to Acme"
    );
    assert_eq!(plan.workspace.name.as_deref(), Some("Acme"));
    assert_eq!(
        ok(&mut plan, Edit::SetWorkspaceName { name: Some(" ".into()) }).description,
        "Cleared the workspace name"
    );
    assert_eq!(plan.workspace.name, None);
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    assert_eq!(
        ok(&mut plan, Edit::SetTimeZone { time_zone: berlin }).description,
        "Set the workspace time zone to Europe/Berlin"
    );
    assert!(!ok(&mut plan, Edit::SetTimeZone { time_zone: berlin }).changed);
    assert_eq!(
        ok(&mut plan, Edit::SetWeekStart { week_start: WeekStart::Monday }).description,
        "Weeks now start on Monday"
    );
    assert_eq!(plan.workspace.week_start, WeekStart::Monday);
}

#[test]
fn r_lim_1_limits_are_at_least_one() {
    let mut plan = sample();
    let limits = |per_day, per_7_days| Edit::SetCommunicationLimits {
        limits: Some(CommunicationLimits { enforced: true, per_day, per_7_days }),
    };
    assert_eq!(refused(&plan, limits(Some(0), None)).rule, Some("R-LIM-1"));
    assert_eq!(refused(&plan, limits(Some(1), Some(0))).rule, Some("R-LIM-1"));
    let a = ok(&mut plan, limits(Some(1), Some(3)));
    assert_eq!(a.description, "Set communication limits to 1 per day, 3 per 7 days");
    ok(&mut plan, Edit::SetCommunicationLimits { limits: None });
    assert_eq!(plan.workspace.communication_limits, None);
}

#[test]
fn r_sc_1_benchmarks_are_positive() {
    let mut plan = sample();
    for bad in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let b = Benchmarks { click: bad, ..Benchmarks::default() };
        assert_eq!(refused(&plan, Edit::SetScoreBenchmarks { benchmarks: b }).rule, Some("R-SC-1"));
    }
    let b = Benchmarks { open: 0.3, ..Benchmarks::default() };
    ok(&mut plan, Edit::SetScoreBenchmarks { benchmarks: b });
    assert_eq!(plan.workspace.score_benchmarks.open, 0.3);
}

#[test]
fn r_bh_1_probabilities_are_finite_and_not_negative() {
    let mut plan = sample();
    for bad in [-0.5, f64::NAN, f64::NEG_INFINITY] {
        let p = Probabilities { open: Some(bad), ..Probabilities::default() };
        assert_eq!(refused(&plan, Edit::SetDefaultProbabilities { probabilities: p }).kind, ErrorKind::Invalid);
        refused(&plan, Edit::SetContentProbabilities { content: cid("e-case"), probabilities: Some(p) });
        let m = Multiplier { when: Condition::Exhausted(true), factors: p };
        refused(&plan, Edit::AddMultiplier { multiplier: m, to_index: None });
    }
    let p = Probabilities { open: Some(0.3), click: None, unsubscribe: Some(0.0), success: Some(1.0) };
    ok(&mut plan, Edit::SetDefaultProbabilities { probabilities: p });
    assert_eq!(plan.behavior.as_ref().unwrap().default, p);
}

#[test]
fn content_probabilities_need_a_library_item_and_can_be_removed() {
    let mut plan = sample();
    let p = Probabilities { click: Some(0.2), ..Probabilities::default() };
    assert_eq!(
        refused(&plan, Edit::SetContentProbabilities { content: cid("nope"), probabilities: Some(p) }).kind,
        ErrorKind::NotFound
    );
    let a = ok(&mut plan, Edit::SetContentProbabilities { content: cid("p-webinar"), probabilities: Some(p) });
    assert_eq!(a.description, "Set the reaction probabilities for Spring webinar");
    let a = ok(&mut plan, Edit::SetContentProbabilities { content: cid("e-welcome"), probabilities: None });
    assert_eq!(a.description, "Welcome now uses the default probabilities");
    assert!(!ok(&mut plan, Edit::SetContentProbabilities { content: cid("e-welcome"), probabilities: None }).changed);
}

#[test]
fn behaviour_is_created_on_first_setting_and_can_be_turned_off() {
    let mut plan = sample();
    ok(&mut plan, Edit::SetBehavior { behavior: None });
    assert_eq!(plan.behavior, None);
    let a = ok(&mut plan, Edit::SetSeed { seed: u64::MAX });
    assert_eq!(a.description, format!("Set the behaviour seed to {}", u64::MAX));
    assert_eq!(plan.behavior, Some(Behavior { seed: u64::MAX, ..Behavior::default() }));
    let mut bad = Behavior::default();
    bad.content.insert(cid("nope"), Probabilities::default());
    assert_eq!(refused(&plan, Edit::SetBehavior { behavior: Some(bad) }).kind, ErrorKind::NotFound);
}

#[test]
fn multipliers_add_replace_move_and_remove() {
    let mut plan = sample();
    let m = |open: f64| Multiplier {
        when: Condition::Attr { name: "tier".into(), op: AttrOp::Eq(AttrValue::Str("gold".into())) },
        factors: Probabilities { open: Some(open), ..Probabilities::default() },
    };
    assert_eq!(
        ok(&mut plan, Edit::AddMultiplier { multiplier: m(2.0), to_index: Some(0) }).description,
        "Added behaviour multiplier 1"
    );
    ok(&mut plan, Edit::AddMultiplier { multiplier: m(3.0), to_index: None });
    let factors = |plan: &Plan| -> Vec<Option<f64>> {
        plan.behavior.as_ref().unwrap().multipliers.iter().map(|m| m.factors.open).collect()
    };
    assert_eq!(factors(&plan), [Some(2.0), Some(1.5), Some(3.0)]);
    assert_eq!(
        ok(&mut plan, Edit::MoveMultiplier { from: 2, to: 0 }).description,
        "Moved behaviour multiplier 3 to position 1"
    );
    assert_eq!(factors(&plan), [Some(3.0), Some(2.0), Some(1.5)]);
    ok(&mut plan, Edit::ReplaceMultiplier { index: 1, multiplier: m(4.0) });
    ok(&mut plan, Edit::RemoveMultiplier { index: 0 });
    assert_eq!(factors(&plan), [Some(4.0), Some(1.5)]);
    for edit in [
        Edit::RemoveMultiplier { index: 2 },
        Edit::ReplaceMultiplier { index: 2, multiplier: m(1.0) },
        Edit::MoveMultiplier { from: 0, to: 2 },
        Edit::AddMultiplier { multiplier: m(1.0), to_index: Some(3) },
    ] {
        assert_eq!(refused(&plan, edit).kind, ErrorKind::OutOfRange);
    }
    let unknown = Multiplier { when: Condition::Clicked(cid("nope")), factors: Probabilities::default() };
    assert_eq!(refused(&plan, Edit::AddMultiplier { multiplier: unknown, to_index: None }).rule, Some("R-CD-2"));
    let mut none = plan.clone();
    none.behavior = None;
    assert_eq!(refused(&none, Edit::RemoveMultiplier { index: 0 }).kind, ErrorKind::OutOfRange);
}

#[test]
fn the_simulation_window_ends_after_it_starts_and_after_the_history() {
    let mut plan = sample();
    let window =
        |s: &str, e: &str| Edit::SetSimulationWindow { window: Some(SimulationWindow { start: at(s), end: at(e) }) };
    assert_eq!(refused(&plan, window("2027-02-01T00:00:00Z", "2027-02-01T00:00:00Z")).kind, ErrorKind::Invalid);
    // The history has a send on 2026-11-01T09:00Z.
    let err = refused(&plan, window("2026-11-01T09:00:00Z", "2027-02-01T00:00:00Z"));
    assert!(err.message.contains("2026-11-01T09:00:00Z"), "{err}");
    let bad = Edit::SetSimulationWindow {
        window: Some(SimulationWindow { start: Instant::MIN, end: at("2027-02-01T00:00:00Z") }),
    };
    refused(&plan, bad);
    let a = ok(&mut plan, window("2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"));
    assert_eq!(a.description, "Set the simulation window to 2027-02-01T00:00:00Z – 2027-03-01T00:00:00Z");
    ok(&mut plan, Edit::SetSimulationWindow { window: None });
    assert_eq!(plan.simulation, None);
}
