//! Import by dropping a file on the window: a bad file lists the engine's
//! errors and changes nothing; a good one replaces the workspace (or opens
//! as a new one) after the user chooses.
#![cfg(target_arch = "wasm32")]

mod support;

use engine::generate::sample_plan;
use engine::plan::{load_plan, save_plan};
use leptos::prelude::{GetUntracked, WithUntracked};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, DragEvent, DragEventInit, File};

wasm_bindgen_test_configure!(run_in_browser);

/// Drags a file named `name` holding `text` over the window (the overlay
/// shows) and drops it.
async fn drop_file(root: &web_sys::Element, name: &str, text: &str) {
    let file = File::new_with_str_sequence(&js_sys::Array::of1(&JsValue::from_str(text)), name).unwrap();
    let dt = DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let window = web_sys::window().unwrap();
    let body = window.document().unwrap().body().unwrap();
    let event = |kind: &str| {
        let init = DragEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_data_transfer(Some(&dt));
        DragEvent::new_with_event_init_dict(kind, &init).unwrap()
    };
    body.dispatch_event(&event("dragenter")).unwrap();
    wait_for("the drop overlay", || root.query_selector(".drop-overlay").unwrap().map(|_| ())).await;
    body.dispatch_event(&event("dragover")).unwrap();
    body.dispatch_event(&event("drop")).unwrap();
}

#[wasm_bindgen_test]
async fn a_dropped_bad_file_lists_every_error_and_changes_nothing() {
    let app = mount_app("/programs");
    save_status_is(&app.root, "Saved").await;
    button(&app.root, "Create program").await.click();
    wait_for("a program", || (program_names(&app.root).len() == 1).then_some(())).await;
    save_status_is(&app.root, "Saved").await;
    let before = app.ws.plan.with_untracked(save_plan);
    let revision = app.ws.revision.get_untracked();

    let bad = r#"{"format": "engagement-plan", "version": 1, "workspace": {"time_zone": "Nowhere/Land"},
        "emails": [{"id": "e1", "approved": 3}]}"#;
    let expected: Vec<String> = load_plan(bad).unwrap_err().iter().map(ToString::to_string).collect();
    drop_file(&app.root, "bad.plan.json", bad).await;
    let lines = wait_for("the import problems", || {
        let items = all(&app.root, "ul[aria-label='Import problems'] > li");
        (!items.is_empty()).then(|| items.iter().map(text).collect::<Vec<_>>())
    })
    .await;
    assert_eq!(lines, expected);
    assert!(lines.iter().any(|l| l.starts_with("workspace.time_zone: ")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("emails[0].approved: ")), "{lines:?}");
    let alert = all(&app.root, "[role=alert] .alert").into_iter().find(|a| text(a).contains("bad.plan.json")).unwrap();
    assert!(text(&alert).contains("was not imported"));
    // Nothing changed, and no dialog was offered.
    assert_eq!(app.ws.plan.with_untracked(save_plan), before);
    assert_eq!(app.ws.revision.get_untracked(), revision);
    assert!(!all(&app.root, "dialog[open]").iter().any(|_| true));
    wait_for("the overlay to go after the drop", || all(&app.root, ".drop-overlay").is_empty().then_some(())).await;
}

#[wasm_bindgen_test]
async fn a_dropped_plan_replaces_the_workspace_or_opens_as_new() {
    let app = mount_app("/programs");
    save_status_is(&app.root, "Saved").await;
    button(&app.root, "Create program").await.click();
    wait_for("a program", || (program_names(&app.root) == ["Program 1"]).then_some(())).await;
    let sample = sample_plan();
    let text_of_sample = save_plan(&sample);

    // Cancel changes nothing.
    drop_file(&app.root, "sample.plan.json", &text_of_sample).await;
    let dialog = wait_for("the import dialog", || all(&app.root, "dialog[open]").into_iter().next()).await;
    assert!(text(&dialog).contains("Import plan"));
    button(&dialog, "Cancel").await.click();
    wait_for("the dialog to close", || all(&app.root, "dialog[open]").is_empty().then_some(())).await;
    assert_eq!(program_names(&app.root), ["Program 1"]);

    // Replace: the workspace is the file's, the history starts again, and it is saved.
    drop_file(&app.root, "sample.plan.json", &text_of_sample).await;
    let dialog = wait_for("the import dialog", || all(&app.root, "dialog[open]").into_iter().next()).await;
    button(&dialog, "Replace My workspace").await.click();
    wait_for("the sample's programs", || (program_names(&app.root).len() == sample.engagement_programs.len()).then_some(())).await;
    assert_eq!(app.ws.plan.with_untracked(save_plan), text_of_sample);
    assert!(!app.ws.can_undo.get_untracked(), "an import is not undone: it asked first");
    save_status_is(&app.root, "Saved").await;

    // Open as new: a second workspace, switched to.
    let mut other = sample.clone();
    other.workspace.name = Some("Second".into());
    drop_file(&app.root, "second.plan.json", &save_plan(&other)).await;
    let dialog = wait_for("the import dialog", || all(&app.root, "dialog[open]").into_iter().next()).await;
    button(&dialog, "Open as new workspace").await.click();
    wait_for("two workspaces", || (all(&app.root, "#workspace-select option").len() == 2).then_some(())).await;
    wait_for("the new one open", || {
        all(&app.root, "#workspace-select option:checked").first().filter(|o| text(o) == "Second").map(|_| ())
    })
    .await;
    save_status_is(&app.root, "Saved").await;
}
