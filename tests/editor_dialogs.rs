//! The program editor's dialogs in a real browser: the cadence editor
//! (next casts, R-CA-3 warning, R-CA-10 error), the transition-rule
//! builder (typed attributes, R-TR-4 badge, R-TR-2 overlap warning),
//! adding content (R-CO-1, R-CO-6 refusals), availability (R-CO-3 clock
//! badge), removing an item and deleting a stream (R-ST-3, R-EP-3).
#![cfg(target_arch = "wasm32")]

mod editor_support;

use chrono::{Datelike, Days};
use editor_support::*;
use engagement_planner::pages::ProgramEditor;
use engine::edit::{Edit, EmailFields};
use engine::model::{AttrOp, AttrValue, Condition, EpId, Membership, Pattern, PersonCadence};
use engine::time::{format_date, Instant};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_editor() -> Mounted {
    mount(plan(), || view! { <ProgramEditor program=EpId::from("ep")/> })
}

async fn ready(root: &Element) {
    until("the stream list", || all(root, "ul[aria-label='Content of Early stage'] > li").len() == 3).await;
}

async fn open_dialog(root: &Element, button: &str) -> Element {
    by_label(root, "button", button).click();
    until("the dialog", || !all(root, "dialog[open] .dialog__body").is_empty()).await;
    dialog(root)
}

fn radio(d: &Element, label: &str) -> HtmlInputElement {
    by_text(d, "label", label).query_selector("input").unwrap().unwrap().unchecked_into()
}

#[wasm_bindgen_test]
async fn the_cadence_editor_previews_casts_and_checks_the_rules() {
    let m = mount_editor();
    let root = m.root.clone();
    ready(&root).await;
    let d = open_dialog(&root, "Edit cadence of Early stage").await;
    assert_eq!(all(&d, "h2").remove(0).text_content().as_deref(), Some("Cadence of Early stage"));
    assert!(radio(&d, "No cadence (a holding stream)").checked());

    radio(&d, "Weekly").click();
    until("the weekly fields", || !all(&d, "input[type=date]").is_empty()).await;
    // A first cast ten days out on a day that is not a chosen weekday:
    // R-CA-3 warns; ten casts are listed.
    let first = today().checked_add_days(Days::new(10)).unwrap();
    set_value(&field(&d, "First cast"), &format_date(first));
    let chosen = first.weekday().succ();
    for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] {
        let b = by_label(&d, "input[type=checkbox]", day).unchecked_into::<HtmlInputElement>();
        let want = format!("{chosen:?}") == day[..3];
        if b.checked() != want {
            b.click();
        }
    }
    let casts = || -> Vec<String> { all(&d, "ol[aria-label='Next casts'] > li").iter().map(|l| l.text_content().unwrap()).collect() };
    let first_text = first.format("%a %-d %b %Y").to_string();
    until("the first cast first", || casts().first().is_some_and(|c| c.starts_with(&first_text))).await;
    let casts = casts();
    assert_eq!(casts.len(), 10);
    // Then the chosen weekday, a day later, weekly.
    let second = first.succ_opt().unwrap().format("%a %-d %b %Y").to_string();
    assert!(casts[1].starts_with(&second), "{casts:?}");
    until("the R-CA-3 note", || all(&d, "[role=note]").iter().any(|n| n.text_content().unwrap().contains("R-CA-3"))).await;

    // Recipient time zone with a first cast tomorrow breaks the 25-hour rule.
    by_text(&d, "label", "Deliver at this time in each recipient's own time zone (R-CA-7)")
        .query_selector("input")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlInputElement>()
        .click();
    set_value(&field(&d, "First cast"), &format_date(today().succ_opt().unwrap()));
    until("the R-CA-10 error", || all(&d, "[role=alert]").iter().any(|n| n.text_content().unwrap().contains("R-CA-10"))).await;
    let save = by_text(&d, "button", "Save cadence");
    assert!(save.has_attribute("disabled"), "Save is disabled while R-CA-10 refuses");

    // Back to a valid cadence, and save.
    set_value(&field(&d, "First cast"), &format_date(first));
    until("Save enabled", || !by_text(&d, "button", "Save cadence").has_attribute("disabled")).await;
    by_text(&d, "button", "Save cadence").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    let cadence = m.ws.plan.with_untracked(|p| p.engagement_programs[0].streams[0].cadence).unwrap();
    assert!(matches!(cadence.pattern, Pattern::Weekly(_)));
    assert!(cadence.recipient_time_zone);
    assert_eq!(cadence.first_cast, first);
    let summary = all(&root, ".stream-column__cadence").remove(0).text_content().unwrap();
    assert!(summary.contains("Every week on") && summary.contains("recipient time zone"), "{summary}");
}

#[wasm_bindgen_test]
async fn transition_rules_are_built_typed_and_saved() {
    let m = mount_editor();
    let root = m.root.clone();
    ready(&root).await;
    let d = open_dialog(&root, "Edit transition rules of Late stage").await;
    by_text(&d, "button", "Add rule").click();
    until("rule 1", || try_by_label(&d, "[role=group]", "Rule 1").is_some()).await;
    by_text(&d, "button", "Add condition").click();
    until("a condition", || try_by_label(&d, "[role=group]", "Rule 1 condition 1").is_some()).await;
    let row = by_label(&d, "[role=group]", "Rule 1 condition 1");
    // The first attribute is "country" (text): text comparisons.
    let ops = || -> Vec<String> {
        let op = field(&row, "Rule 1 condition 1: comparison");
        all(&op, "option").iter().map(|o| o.text_content().unwrap()).collect()
    };
    assert_eq!(ops(), ["is", "is not", "is one of", "contains"]);
    // "score" is a number: number comparisons and a number input.
    set_value(&field(&row, "Rule 1 condition 1: attribute"), "score");
    until("number comparisons", || ops() == ["is at least", "is at most", "is", "is not", "is one of"]).await;
    let value = field(&row, "Rule 1 condition 1: value");
    assert_eq!(value.type_(), "number");
    set_value(&value, "50");

    // A second condition: opened Welcome; then "any": beyond Marketo.
    let rule = by_label(&d, "[role=group]", "Rule 1");
    by_text(&rule, "button", "Add condition").click();
    until("a second condition", || try_by_label(&d, "[role=group]", "Rule 1 condition 2").is_some()).await;
    let row2 = by_label(&d, "[role=group]", "Rule 1 condition 2");
    set_value(&field(&row2, "Rule 1 condition 2: type"), "opened");
    until("the email picker", || all(&row2, "select").len() == 2).await;
    set_value(&field(&row2, "Rule 1 condition 2: email"), "welcome");
    assert!(!d.text_content().unwrap().contains("Beyond Marketo"));
    set_value(&field(&rule, "Match when"), "any");
    until("the R-TR-4 badge", || d.text_content().unwrap().contains("Beyond Marketo")).await;

    by_text(&d, "button", "Save rules").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    let rules = m.ws.plan.with_untracked(|p| p.engagement_programs[0].streams[1].transition_rules.clone());
    assert_eq!(
        rules,
        [Condition::Any(vec![
            Condition::Attr { name: "score".into(), op: AttrOp::Gte(50.0) },
            Condition::Opened("welcome".into()),
        ])]
    );
    assert_eq!(live(&root), "Set 1 transition rule on Late stage");
    let column = all(&root, ".stream-column").remove(1).text_content().unwrap();
    assert!(column.contains("1 transition rule") && column.contains("Beyond Marketo"), "{column}");
}

#[wasm_bindgen_test]
async fn streams_whose_rules_can_hold_together_are_flagged() {
    let m = mount_editor();
    let root = m.root.clone();
    ready(&root).await;
    let score = |op| Condition::Attr { name: "score".into(), op };
    m.ws.dispatch(Edit::SetTransitionRules { stream: "early".into(), rules: vec![score(AttrOp::Gte(50.0))] }).unwrap();
    m.ws.dispatch(Edit::SetTransitionRules { stream: "late".into(), rules: vec![score(AttrOp::Gte(20.0))] }).unwrap();
    until("the R-TR-2 warning", || {
        all(&root, ".overlap-warning").iter().any(|w| w.text_content().unwrap().contains("Early stage and Late stage"))
    })
    .await;
    assert_eq!(all(&root, ".stream-column .badge").iter().filter(|b| b.text_content().unwrap().starts_with("Overlaps")).count(), 2);
    // Exclusive rules: no warning.
    m.ws.dispatch(Edit::SetTransitionRules { stream: "late".into(), rules: vec![score(AttrOp::Lte(20.0))] }).unwrap();
    until("no warning", || all(&root, ".overlap-warning").is_empty()).await;
}

#[wasm_bindgen_test]
async fn adding_content_shows_the_engines_refusals() {
    let m = mount_editor();
    let root = m.root.clone();
    ready(&root).await;
    m.ws.dispatch(Edit::CreateEmail {
        id: Some("receipt".into()),
        fields: EmailFields { name: Some("Receipt".into()), subject: None, approved: true, operational: true },
    })
    .unwrap();
    let d = open_dialog(&root, "Add content to Late stage").await;
    by_label(&d, "button", "Add Welcome").click();
    until("the status", || d.text_content().unwrap().contains("Added Welcome to Late stage at position 1 (inactive)")).await;
    by_label(&d, "button", "Add Welcome").click();
    until("R-CO-6", || all(&d, "[role=alert]").iter().any(|a| a.text_content().unwrap().contains("R-CO-6"))).await;
    by_label(&d, "button", "Add Receipt").click();
    until("R-CO-1", || all(&d, "[role=alert]").iter().any(|a| a.text_content().unwrap().contains("R-CO-1"))).await;
    // The filter narrows the list.
    set_value(&field(&d, "Find in the library"), "tip");
    until("one match", || all(&d, "ul[aria-label=Library] > li").len() == 1).await;
    by_text(&d, "button", "Done").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    assert_eq!(order(&root, "Content of Late stage"), ["Welcome"]);
}

#[wasm_bindgen_test]
async fn availability_remove_and_delete_stream() {
    let m = mount_editor();
    let root = m.root.clone();
    ready(&root).await;

    // Availability: a window sets the clock badge.
    by_label(&root, "button", "Actions for Tips").click();
    until("the menu", || !all(&root, "[role=menu]").is_empty()).await;
    by_text(&root, "[role=menuitem]", "Availability…").click();
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    set_value(&field(&d, "Available from"), "2027-03-01");
    set_value(&field(&d, "Available through"), "2027-02-01");
    by_text(&d, "button", "Save").click();
    until("R-CO-3", || all(&d, "[role=alert]").iter().any(|a| a.text_content().unwrap().contains("R-CO-3"))).await;
    set_value(&field(&d, "Available through"), "2027-03-31");
    by_text(&d, "button", "Save").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    until("the clock badge", || {
        all(&root, ".badge--clock").iter().any(|b| b.get_attribute("title").as_deref() == Some("Available from 1 Mar 2027 through 31 Mar 2027"))
    })
    .await;

    // Remove asks first, then removes.
    by_label(&root, "button", "Actions for Offer").click();
    until("the menu", || !all(&root, "[role=menu]").is_empty()).await;
    by_text(&root, "[role=menuitem]", "Remove…").click();
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    assert!(d.text_content().unwrap().contains("Offer leaves Early stage"));
    by_text(&d, "button", "Remove").click();
    until("removed", || order(&root, "Content of Early stage") == ["Welcome", "Tips"]).await;
    assert_eq!(live(&root), "Removed Offer from Early stage");
    until("focus on Add content", || active_label().as_deref() == Some("Add content to Early stage")).await;

    // A stream with members cannot be deleted (R-ST-3).
    m.ws.dispatch(Edit::AddMember {
        person: "p1".into(),
        program: "ep".into(),
        stream: "late".into(),
        cadence: PersonCadence::Normal,
    })
    .unwrap();
    by_label(&root, "button", "Stream actions for Late stage").click();
    until("the menu", || !all(&root, "[role=menu]").is_empty()).await;
    by_text(&root, "[role=menuitem]", "Delete stream…").click();
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    assert!(d.text_content().unwrap().contains("It still has 1 member"));
    by_text(&d, "button", "Delete stream").click();
    until("R-ST-3", || all(&d, "[role=alert]").iter().any(|a| a.text_content().unwrap().contains("R-ST-3"))).await;
    by_text(&d, "button", "Cancel").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    let _ = Membership::clone;
    let _ = AttrValue::Bool;
    let _ = Instant(0);
}
