//! The Settings page and the rules page in a real browser: each setting is
//! an undoable edit, and a value that cannot be taken says why next to its
//! field and changes nothing.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::{GetUntracked, WithUntracked};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The input labelled `label` (by `<label for>`).
async fn field(root: &Element, label: &str) -> HtmlInputElement {
    wait_for(&format!("the field {label:?}"), || {
        let l = all(root, "label[for]").into_iter().find(|l| text(l) == label)?;
        let id = l.get_attribute("for")?;
        root.query_selector(&format!("#{id}")).ok()??.dyn_into().ok()
    })
    .await
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

/// Types `value` into `input` and leaves it (a `change` event).
fn enter(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    fire(input, "input");
    fire(input, "change");
}

/// The message shown under a field, if any.
fn field_error(input: &HtmlInputElement) -> Option<String> {
    let ids = input.get_attribute("aria-describedby")?;
    let doc = input.owner_document()?;
    ids.split_whitespace()
        .filter_map(|id| doc.get_element_by_id(id))
        .find(|e| e.class_list().contains("field__error"))
        .map(|e| text(&e))
}

async fn error_of(input: &HtmlInputElement, want: &str) -> String {
    wait_for(&format!("the message containing {want:?}"), || field_error(input).filter(|e| e.contains(want))).await
}

#[wasm_bindgen_test]
async fn the_name_is_an_undoable_edit_shown_in_the_switcher() {
    let app = mount_app("/settings");
    let name = field(&app.root, "Workspace name").await;
    assert_eq!(name.value(), "My workspace");
    enter(&name, "Spring campaigns");
    wait_for("the name", || {
        (app.ws.plan.with_untracked(|p| p.workspace.name.clone()).as_deref() == Some("Spring campaigns")).then_some(())
    })
    .await;
    wait_for("the announcement", || (announced(&app.root) == "Renamed the workspace to Spring campaigns").then_some(())).await;
    wait_for("the switcher", || {
        all(&app.root, "#workspace-select option:checked").first().filter(|o| text(o) == "Spring campaigns").map(|_| ())
    })
    .await;
    button(&app.root, "Undo Renamed the workspace to Spring campaigns").await.click();
    wait_for("the old name in the field", || (name.value() == "My workspace").then_some(())).await;
}

#[wasm_bindgen_test]
async fn a_limit_of_zero_is_refused_next_to_the_field() {
    let app = mount_app("/settings");
    let per_day = field(&app.root, "Per day").await;
    let revision = app.ws.revision.get_untracked();
    enter(&per_day, "0");
    let msg = error_of(&per_day, "at least 1").await;
    assert_eq!(msg, "A limit is at least 1 (leave it empty for no limit)");
    assert_eq!(per_day.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(app.ws.revision.get_untracked(), revision, "nothing changed");
    assert!(all(&app.root, "[role=alert] .alert").is_empty(), "the message is inline, not an alert");

    enter(&per_day, "3");
    wait_for("the limit", || {
        app.ws.plan.with_untracked(|p| p.workspace.communication_limits.and_then(|l| l.per_day)).filter(|n| *n == 3)
    })
    .await;
    wait_for("the message to go", || (field_error(&per_day).is_none() && per_day.get_attribute("aria-invalid").is_none()).then_some(())).await;
    // Enforcing them is a separate switch.
    let enforce: HtmlInputElement = all(&app.root, "label.checkbox")
        .into_iter()
        .find(|l| text(l) == "Enforce the limits")
        .and_then(|l| l.query_selector("input").ok().flatten())
        .unwrap()
        .unchecked_into();
    enforce.click();
    wait_for("enforced", || app.ws.plan.with_untracked(|p| p.workspace.communication_limits.is_some_and(|l| l.enforced)).then_some(())).await;
}

#[wasm_bindgen_test]
async fn benchmarks_time_zone_and_week_start() {
    let app = mount_app("/settings");
    let open = field(&app.root, "Open rate").await;
    assert_eq!(open.value(), "0.2");
    enter(&open, "0");
    error_of(&open, "greater than 0").await;
    enter(&open, "30%");
    wait_for("the benchmark", || (app.ws.plan.with_untracked(|p| p.workspace.score_benchmarks.open) == 0.3).then_some(())).await;
    wait_for("the field to show the value as stored", || (open.value() == "0.3").then_some(())).await;

    let search: HtmlInputElement = all(&app.root, "input[type=search]").remove(0).unchecked_into();
    enter(&search, "berlin");
    let select: HtmlSelectElement = field_select(&app.root, "Time zone").await;
    wait_for("Berlin listed", || (select.length() == 2).then_some(())).await;
    select.set_value("Europe/Berlin");
    fire(&select, "change");
    wait_for("the zone", || (app.ws.plan.with_untracked(|p| p.workspace.time_zone.name()) == "Europe/Berlin").then_some(())).await;

    let monday: HtmlInputElement = all(&app.root, "label.radio")
        .into_iter()
        .find(|l| text(l) == "Monday")
        .and_then(|l| l.query_selector("input").ok().flatten())
        .unwrap()
        .unchecked_into();
    monday.click();
    wait_for("Monday", || {
        (app.ws.plan.with_untracked(|p| p.workspace.week_start) == engine::model::WeekStart::Monday).then_some(())
    })
    .await;
}

async fn field_select(root: &Element, label: &str) -> HtmlSelectElement {
    wait_for(&format!("the select {label:?}"), || {
        let l = all(root, "label[for]").into_iter().find(|l| text(l) == label)?;
        root.query_selector(&format!("#{}", l.get_attribute("for")?)).ok()??.dyn_into().ok()
    })
    .await
}

#[wasm_bindgen_test]
async fn the_behaviour_model_is_edited_field_by_field() {
    let app = mount_app("/settings");
    button(&app.root, "Add a behaviour model").await.click();
    let seed = field(&app.root, "Seed").await;
    assert_eq!(seed.value(), "0");
    enter(&seed, "-5");
    error_of(&seed, "whole number").await;
    enter(&seed, "42");
    wait_for("the seed", || (app.ws.plan.with_untracked(|p| p.behavior.as_ref().map(|b| b.seed)) == Some(42)).then_some(())).await;

    let open = field(&app.root, "Open probability").await;
    enter(&open, "1.5");
    error_of(&open, "between 0 and 1").await;
    enter(&open, "0.35");
    wait_for("the default", || {
        (app.ws.plan.with_untracked(|p| p.behavior.as_ref().and_then(|b| b.default.open)) == Some(0.35)).then_some(())
    })
    .await;

    button(&app.root, "Add multiplier").await.click();
    let factor = field(&app.root, "Click factor").await;
    enter(&factor, "-1");
    error_of(&factor, "at least 0").await;
    enter(&factor, "2");
    wait_for("the factor", || {
        app.ws.plan.with_untracked(|p| p.behavior.as_ref().and_then(|b| b.multipliers.first().and_then(|m| m.factors.click))).filter(|f| *f == 2.0)
    })
    .await;
    let list = wait_for("the multipliers", || all(&app.root, "ol[aria-label=Multipliers] > li").first().cloned()).await;
    assert!(text(&list).contains("When not unsubscribed"), "{}", text(&list));

    // The condition, with the condition builder: "none of these holds".
    button(&app.root, "Edit condition of multiplier 1").await.click();
    let group = wait_for("the builder", || {
        all(&app.root, "[role=group][aria-label='Condition of multiplier 1']").into_iter().next()
    })
    .await;
    let mode: HtmlSelectElement = all(&group, "select").remove(0).unchecked_into();
    mode.set_value("none");
    fire(&mode, "change");
    let revision = app.ws.revision.get_untracked();
    button(&app.root, "Save the condition of multiplier 1").await.click();
    wait_for("the new condition", || {
        app.ws
            .plan
            .with_untracked(|p| p.behavior.as_ref().and_then(|b| b.multipliers.first().map(|m| m.when.clone())))
            .filter(|w| matches!(w, engine::model::Condition::Not(_)))
    })
    .await;
    assert_eq!(app.ws.revision.get_untracked(), revision + 1, "one edit");
    wait_for("the summary", || text(&list).contains("When not (not unsubscribed)").then_some(())).await;
    button(&app.root, "Undo Changed behaviour multiplier 1").await;
    button(&app.root, "Remove multiplier 1").await.click();
    wait_for("no multiplier", || app.ws.plan.with_untracked(|p| p.behavior.as_ref().is_some_and(|b| b.multipliers.is_empty())).then_some(())).await;
}

#[wasm_bindgen_test]
async fn the_window_needs_both_ends_in_order() {
    let app = mount_app("/settings");
    let start = field(&app.root, "Start").await;
    let end = field(&app.root, "End").await;
    enter(&start, "2025-03-01T00:00");
    error_of(&start, "Now set the end").await;
    assert_eq!(app.ws.plan.with_untracked(|p| p.simulation), None);
    enter(&end, "2025-02-01T00:00");
    error_of(&end, "must end after it starts").await;
    enter(&end, "2025-04-01T00:00");
    wait_for("the window", || app.ws.plan.with_untracked(|p| p.simulation)).await;
    wait_for("the start as stored", || (start.value() == "2025-03-01T00:00").then_some(())).await;
    button(&app.root, "Remove the simulation window").await.click();
    wait_for("no window", || app.ws.plan.with_untracked(|p| p.simulation.is_none()).then_some(())).await;
}

#[wasm_bindgen_test]
async fn the_rules_page_marks_assumptions_and_the_score_formula() {
    let app = mount_app("/settings");
    page_heading(&app.root).await;
    let link: HtmlElement = wait_for("the rules link", || {
        all(&app.root, "a").into_iter().find(|a| text(a) == "Rules and assumptions")
    })
    .await
    .unchecked_into();
    link.click();
    wait_for("the rules page", || (all(&app.root, "h1").first().map(text).as_deref() == Some("Rules and assumptions")).then_some(())).await;
    let rule = |id: &str| all(&app.root, &format!("li#{id}")).first().map(text).unwrap_or_default();
    let ca4 = wait_for("R-CA-4", || Some(rule("R-CA-4")).filter(|t| !t.is_empty())).await;
    assert!(ca4.contains("Assumption"), "{ca4}");
    assert!(ca4.contains("past the month's end casts on the month's last day"), "{ca4}");
    assert!(rule("R-CS-6").contains("Assumption"));
    let sc1 = rule("R-SC-1");
    assert!(sc1.contains("This product's transparent formula"), "{sc1}");
    assert!(sc1.contains("index = 0.4 * (r_open / b_open)"), "{sc1}");
    assert!(!rule("R-EP-1").contains("Assumption"));
    // The spec notes' readings, linked from the rules they concern.
    assert!(rule("R-CA-7").contains("note 1"));
    assert!(all(&app.root, "tr#reading-1").len() == 1);
}
