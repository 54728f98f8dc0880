//! The Programs page in a real browser: rows with status, counts and the
//! next cast; create, rename, clone, delete (naming what is lost) and
//! activation, refused past 100 active programs (R-EP-1).
#![cfg(target_arch = "wasm32")]

mod editor_support;

use editor_support::*;
use engagement_planner::pages::ProgramsPage;
use engine::edit::{apply, Edit};
use engine::model::Plan;
use engine::time::Instant;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn links(root: &Element) -> Vec<String> {
    all(root, "ul[aria-label='Engagement programs'] > li a").iter().map(|a| a.text_content().unwrap()).collect()
}

async fn action(root: &Element, program: &str, item: &str) {
    by_label(root, "button", &format!("Actions for {program}")).click();
    until("the menu", || !all(root, "[role=menu]").is_empty()).await;
    by_text(root, "[role=menuitem]", item).click();
}

#[wasm_bindgen_test]
async fn programs_are_listed_renamed_cloned_and_deleted() {
    let m = mount(plan(), || view! { <ProgramsPage/> });
    let root = m.root.clone();
    until("the list", || links(&root) == ["Nurture"]).await;
    let facts: Vec<String> = all(&root, ".item-list__meta").iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(facts, ["2 streams", "0 members", "Inactive: no casts"]);
    let link = all(&root, "ul[aria-label='Engagement programs'] > li a").remove(0);
    assert_eq!(link.get_attribute("href").as_deref(), Some("/programs/ep"));

    action(&root, "Nurture", "Rename…").await;
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    set_value(&field(&d, "Name"), "Welcome series");
    by_text(&d, "button", "Rename").click();
    until("renamed", || links(&root) == ["Welcome series"]).await;

    action(&root, "Welcome series", "Clone").await;
    until("cloned", || links(&root).len() == 2).await;
    assert!(live(&root).starts_with("Cloned engagement program Welcome series as"), "{}", live(&root));
    // Focus goes to the copy's link.
    let copy = links(&root).into_iter().find(|n| n != "Welcome series").unwrap();
    until("focus on the copy", || {
        let doc = web_sys::window().unwrap().document().unwrap();
        doc.active_element().and_then(|e| e.text_content()).as_deref() == Some(copy.as_str())
    })
    .await;

    action(&root, "Welcome series", "Delete…").await;
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    let message = d.text_content().unwrap();
    assert!(message.contains("loses its 2 streams, 3 content items and 0 memberships"), "{message}");
    by_text(&d, "button", "Delete program").click();
    until("deleted", || links(&root).len() == 1 && links(&root)[0] != "Welcome series").await;
}

#[wasm_bindgen_test]
async fn activation_past_100_active_programs_is_refused_with_r_ep_1() {
    let mut plan = Plan::empty("t");
    for i in 0..101 {
        let id = format!("p{i}");
        apply(&mut plan, &Edit::CreateEngagementProgram { id: Some(id.as_str().into()), name: format!("P{i}"), stream_id: None }, Instant(0))
            .unwrap();
        if i < 100 {
            apply(&mut plan, &Edit::SetEngagementProgramActive { program: id.as_str().into(), active: true }, Instant(0)).unwrap();
        }
    }
    let m = mount(plan, || view! { <ProgramsPage/> });
    let root = m.root.clone();
    until("the list", || links(&root).len() == 101).await;
    let switch = by_label(&root, "button[role=switch]", "Active: P100");
    assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
    switch.click();
    let error = m.ws.error.get_untracked().unwrap_or_default();
    assert!(error.contains("R-EP-1"), "{error}");
    assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
    // Deactivating one makes room.
    by_label(&root, "button[role=switch]", "Active: P0").click();
    by_label(&root, "button[role=switch]", "Active: P100").click();
    until("activated", || by_label(&root, "button[role=switch]", "Active: P100").get_attribute("aria-checked").as_deref() == Some("true")).await;
}
