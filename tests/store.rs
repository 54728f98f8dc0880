//! The workspace store through the UI: dispatch, undo and redo (buttons and
//! keys), the live region, the refused-edit alert.
#![cfg(target_arch = "wasm32")]

mod support;

use engine::edit::Edit;
use engine::model::EpId;
use leptos::prelude::{GetUntracked, WithUntracked};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Presses a key with Ctrl (and Shift) on `target`, as a user would.
fn press(target: &Element, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(true);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&e).unwrap();
}

#[wasm_bindgen_test]
async fn create_undo_redo_through_the_buttons() {
    let app = mount_app("/programs");
    save_status_is(&app.root, "Saved").await;
    let undo = button(&app.root, "Undo").await;
    assert!(undo.has_attribute("disabled"), "nothing to undo yet");

    button(&app.root, "Create program").await.click();
    wait_for("the new program", || (program_names(&app.root) == ["Program 1"]).then_some(())).await;
    assert_eq!(announced(&app.root), "Created engagement program Program 1");
    let revision = app.ws.revision.get_untracked();

    // The Undo button says what it undoes.
    let undo = button(&app.root, "Undo Created engagement program Program 1").await;
    assert!(!undo.has_attribute("disabled"));
    undo.click();
    wait_for("the empty state", || program_names(&app.root).is_empty().then_some(())).await;
    assert_eq!(announced(&app.root), "Undid: Created engagement program Program 1");
    assert_eq!(app.ws.revision.get_untracked(), revision + 1, "an undo is a change");

    let redo = button(&app.root, "Redo Created engagement program Program 1").await;
    redo.click();
    wait_for("the program again", || (program_names(&app.root) == ["Program 1"]).then_some(())).await;
    assert_eq!(announced(&app.root), "Redid: Created engagement program Program 1");
    button(&app.root, "Redo").await;
    // Every change is saved.
    save_status_is(&app.root, "Saved").await;
}

#[wasm_bindgen_test]
async fn ctrl_z_undoes_and_shift_ctrl_z_redoes_except_in_text_fields() {
    let app = mount_app("/programs");
    save_status_is(&app.root, "Saved").await;
    button(&app.root, "Create program").await.click();
    wait_for("a program", || (program_names(&app.root).len() == 1).then_some(())).await;
    button(&app.root, "Create program").await.click();
    wait_for("two programs", || (program_names(&app.root).len() == 2).then_some(())).await;

    let body: Element = web_sys::window().unwrap().document().unwrap().body().unwrap().into();
    press(&body, "z", false);
    wait_for("one program", || (program_names(&app.root) == ["Program 1"]).then_some(())).await;

    // In a text field, Ctrl+Z is the field's own undo.
    let input: HtmlElement = web_sys::window().unwrap().document().unwrap().create_element("input").unwrap().unchecked_into();
    app.root.append_child(&input).unwrap();
    input.focus().unwrap();
    press(&input, "z", false);
    sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(program_names(&app.root), ["Program 1"], "not undone from a text field");
    input.remove();

    press(&body, "Z", true);
    wait_for("two programs again", || (program_names(&app.root).len() == 2).then_some(())).await;
    press(&body, "z", false);
    wait_for("one program again", || (program_names(&app.root).len() == 1).then_some(())).await;
    press(&body, "y", false);
    wait_for("Ctrl+Y redoes", || (program_names(&app.root).len() == 2).then_some(())).await;
}

#[wasm_bindgen_test]
async fn a_refused_edit_shows_a_dismissable_alert_and_changes_nothing() {
    let app = mount_app("/programs");
    save_status_is(&app.root, "Saved").await;
    let revision = app.ws.revision.get_untracked();
    let err = app
        .ws
        .dispatch(Edit::RenameEngagementProgram { program: EpId::new("nope"), name: "X".into() })
        .unwrap_err();
    let alert = wait_for("the alert", || {
        all(&app.root, "[role=alert] .alert").into_iter().find(|a| text(a).contains(&err.message))
    })
    .await;
    assert_eq!(app.ws.revision.get_untracked(), revision, "a refused edit is no change");
    assert!(!app.ws.can_undo.get_untracked());
    let dismiss: HtmlElement = all(&alert, "button")
        .into_iter()
        .find(|b| accessible_name(b) == "Dismiss")
        .unwrap()
        .unchecked_into();
    dismiss.click();
    wait_for("the alert to go", || all(&app.root, "[role=alert] .alert").is_empty().then_some(())).await;
}

#[wasm_bindgen_test]
async fn an_unchanged_edit_does_not_notify_or_count() {
    let app = mount_app("/settings");
    save_status_is(&app.root, "Saved").await;
    let revision = app.ws.revision.get_untracked();
    let name = app.ws.plan.with_untracked(|p| p.workspace.name.clone());
    let applied = app.ws.dispatch(Edit::SetWorkspaceName { name }).unwrap();
    assert!(!applied.changed);
    assert_eq!(app.ws.revision.get_untracked(), revision);
    assert!(!app.ws.can_undo.get_untracked());
}
