//! The CSV imports of the Audience page in a real browser: the people
//! dialog proposes roles and types, a type changed to Number is used, a bad
//! row is listed by line and blocks the import until the user imports the
//! valid rows (after a confirmation); a membership file naming an unknown
//! stream names its line, and its valid rows go in as an undoable edit.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;

use engine::audience::AttrRef;
use engine::generate::sample_plan;
use engagement_planner::storage::MemoryBackend;
use leptos::prelude::{GetUntracked, WithUntracked};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, DragEvent, DragEventInit, Element, File, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn csv_file(name: &str, text: &str) -> File {
    File::new_with_str_sequence(&js_sys::Array::of1(&JsValue::from_str(text)), name).unwrap()
}

/// The open dialog named `title`.
async fn dialog(root: &Element, title: &str) -> Element {
    wait_for(&format!("the dialog {title:?}"), || {
        all(root, "dialog[open]").into_iter().find(|d| accessible_name(d) == title)
    })
    .await
}

/// The control labelled `label` by a `<label for>`.
fn labelled(root: &Element, label: &str) -> Option<Element> {
    let l = all(root, "label").into_iter().find(|l| text(l) == label)?;
    let id = l.get_attribute("for")?;
    root.owner_document()?.get_element_by_id(&id)
}

/// Chooses `file` in the dialog's file input, as the picker would.
async fn choose_file(dialog: &Element, file: &File) {
    let input: HtmlInputElement = wait_for("the CSV file input", || labelled(dialog, "CSV file")).await.unchecked_into();
    let dt = DataTransfer::new().unwrap();
    dt.items().add_with_file(file).unwrap();
    input.set_files(Some(&dt.files().unwrap()));
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

/// The select named `name` (aria-label).
async fn select(root: &Element, name: &str) -> HtmlSelectElement {
    wait_for(&format!("the select {name:?}"), || {
        all(root, "select").into_iter().find(|s| accessible_name(s) == name).map(|s| s.unchecked_into())
    })
    .await
}

fn choose(select: &HtmlSelectElement, value: &str) {
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

fn row_errors(root: &Element) -> Vec<String> {
    all(root, "ul[aria-label='Row errors'] > li").iter().map(text).collect()
}

async fn summary_is(root: &Element, want: &str) {
    wait_for(&format!("the summary {want:?}"), || {
        all(root, ".import-results [role=status]").first().filter(|s| text(s) == want).map(|_| ())
    })
    .await;
}

const PEOPLE: &str = "id,email,score,zip,vip\np1,a@x.com,50,007,yes\np2,b@x.com,abc,12,no\np3,c@x.com,7,0042,yes\n";

#[wasm_bindgen_test]
async fn people_mapping_types_and_a_bad_row_then_the_valid_rows() {
    let app = mount_app("/audience");
    save_status_is(&app.root, "Saved").await;
    button(&app.root, "Import people…").await.click();
    let d = dialog(&app.root, "Import people").await;
    choose_file(&d, &csv_file("people.csv", PEOPLE)).await;

    // The proposal: roles by header, types by values ("abc" makes score text,
    // leading zeros make zip a code).
    assert_eq!(select(&d, "Imported as, column id").await.value(), "id");
    assert_eq!(select(&d, "Imported as, column email").await.value(), "email");
    assert_eq!(select(&d, "Imported as, column score").await.value(), "attribute");
    assert_eq!(select(&d, "Type of column score").await.value(), "text");
    assert_eq!(select(&d, "Type of column zip").await.value(), "text");
    assert_eq!(select(&d, "Type of column vip").await.value(), "yesno");
    let samples: Vec<String> = all(&d, ".import-mapping__samples").iter().map(text).collect();
    assert_eq!(samples[2], "50, abc, 7");

    // Two Id columns: explained next to both, and the rows cannot be checked.
    choose(&select(&d, "Imported as, column email").await, "id");
    wait_for("the duplicate Id problem", || {
        all(&d, ".field__error").iter().any(|e| text(e) == "Id is also chosen for “id”: only one column can be Id.").then_some(())
    })
    .await;
    assert!(button(&d, "Check the rows").await.unchecked_into::<web_sys::HtmlButtonElement>().disabled());
    choose(&select(&d, "Imported as, column email").await, "email");

    // score as a number: the bad row is listed by line and nothing is imported.
    choose(&select(&d, "Type of column score").await, "number");
    wait_for("the rows to be checkable", || {
        let b = all(&d, "button").into_iter().find(|b| text(b) == "Check the rows")?;
        (!b.unchecked_into::<web_sys::HtmlButtonElement>().disabled()).then_some(())
    })
    .await;
    button(&d, "Check the rows").await.click();
    summary_is(&d, "3 people: 2 valid, 1 with errors.").await;
    assert_eq!(row_errors(&d), ["Line 3, column score: \"abc\" is not a number"]);
    assert!(all(&d, "button").iter().all(|b| text(b) != "Import 3 people"), "no import of everything");
    assert_eq!(app.ws.plan.with_untracked(|p| p.people.len()), 0, "nothing imported on error");

    // Import the valid rows, confirmed.
    button(&d, "Import the 2 valid rows").await.click();
    let confirm = wait_for("the confirmation", || all(&d, "[aria-label='Confirm the import']").into_iter().next()).await;
    assert!(text(&confirm).contains("The undo history is cleared"), "{}", text(&confirm));
    button(&d, "Replace the people").await.click();
    wait_for("2 people", || (app.ws.plan.with_untracked(|p| p.people.len()) == 2).then_some(())).await;
    let people = app.ws.plan.with_untracked(|p| p.people.clone());
    assert_eq!(people[0].id.as_str(), "p1");
    assert_eq!(people[1].id.as_str(), "p3");
    let a = engine::audience::Audience::from_people(&people).unwrap();
    assert_eq!(a.person(0).attr("score"), Some(AttrRef::Num(50.0)), "gte 50 works on the imported \"50\"");
    assert_eq!(a.person(0).attr("zip"), Some(AttrRef::Str("007")));
    assert_eq!(a.person(1).attr("vip"), Some(AttrRef::Bool(true)));
    wait_for("the dialog to close", || all(&app.root, "dialog[open]").is_empty().then_some(())).await;
    wait_for("the count on the page", || all(&app.root, "p").iter().any(|p| text(p) == "2 people").then_some(())).await;
    assert!(!app.ws.can_undo.get_untracked());
    wait_for("the announcement", || (announced(&app.root) == "Imported 2 people from people.csv").then_some(())).await;
}

#[wasm_bindgen_test]
async fn a_file_dropped_on_the_dialog_is_read_there_and_cells_stay_text() {
    let app = mount_app("/audience");
    save_status_is(&app.root, "Saved").await;
    button(&app.root, "Import people…").await.click();
    let d = dialog(&app.root, "Import people").await;
    let zone = wait_for("the drop zone", || all(&d, ".import-drop").into_iter().next()).await;
    let dt = DataTransfer::new().unwrap();
    dt.items().add_with_file(&csv_file("x.csv", "id,<b>note</b>\n1,<img src=x onerror=alert(1)>\n")).unwrap();
    let init = DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    zone.dispatch_event(&DragEvent::new_with_event_init_dict("drop", &init).unwrap()).unwrap();
    let header = wait_for("the mapping", || all(&d, ".import-mapping__header").get(1).cloned()).await;
    assert_eq!(text(&header), "<b>note</b>");
    assert!(all(&d, "b, img").is_empty(), "cells are text, never HTML");
    // The window's plan import did not take the CSV.
    assert!(all(&app.root, "ul[aria-label='Import problems']").is_empty());
    assert!(text(&d).contains("Chosen: x.csv"));
}

#[wasm_bindgen_test]
async fn memberships_with_an_unknown_stream_name_the_line_and_the_valid_rows_are_undoable() {
    let plan = sample_plan();
    let ep = plan.engagement_programs[0].clone();
    let taken: Vec<&str> = plan.memberships.iter().filter(|m| m.program == ep.id).map(|m| m.person.as_str()).collect();
    let free: Vec<String> =
        plan.people.iter().map(|p| p.id.to_string()).filter(|id| !taken.contains(&id.as_str())).take(2).collect();
    let app = mount_app_with("/audience", config(Rc::new(MemoryBackend::new()), Some(plan.clone()), None));
    save_status_is(&app.root, "Saved").await;
    let before = app.ws.plan.with_untracked(|p| p.memberships.len());

    button(&app.root, "Import memberships…").await.click();
    let d = dialog(&app.root, "Import memberships").await;
    let text_of = format!("person,program,stream\n{},{},{}\n{},{},nope\n", free[0], ep.id, ep.streams[0].id, free[1], ep.id);
    choose_file(&d, &csv_file("members.csv", &text_of)).await;
    summary_is(&d, "2 memberships: 1 valid, 1 with errors.").await;
    assert_eq!(row_errors(&d), ["Line 3, column stream: unknown stream \"nope\""]);
    assert_eq!(app.ws.plan.with_untracked(|p| p.memberships.len()), before, "nothing imported on error");

    button(&d, "Import the 1 valid row").await.click();
    wait_for("the membership", || (app.ws.plan.with_untracked(|p| p.memberships.len()) == before + 1).then_some(())).await;
    let m = app.ws.plan.with_untracked(|p| p.memberships.last().cloned().unwrap());
    assert_eq!((m.person.as_str(), m.stream.as_str()), (free[0].as_str(), ep.streams[0].id.as_str()));
    wait_for("the announcement", || (announced(&app.root) == "Imported 1 membership from members.csv").then_some(())).await;
    assert_eq!(app.ws.undo().as_deref(), Some("Imported 1 membership from members.csv"));
    assert_eq!(app.ws.plan.with_untracked(|p| p.memberships.len()), before);
}
