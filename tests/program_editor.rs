//! The program editor in a real browser, over the workspace store: the
//! stream's content list reorders by keyboard, pointer and the item menu
//! through `Edit::MoveItem`, the live region says what the engine did,
//! and the plan holds the new order.
#![cfg(target_arch = "wasm32")]

mod editor_support;

use editor_support::*;
use engagement_planner::pages::ProgramEditor;
use engine::edit::{Edit, EmailFields};
use engine::model::EpId;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_editor() -> Mounted {
    mount(plan(), || view! { <ProgramEditor program=EpId::from("ep")/> })
}

#[wasm_bindgen_test]
async fn keyboard_reorder_dispatches_a_move_and_announces_it() {
    let m = mount_editor();
    let root: Element = m.root.clone();
    until("the stream list", || all(&root, "ul[aria-label='Content of Early stage'] > li").len() == 3).await;
    let welcome = by_label(&root, ".sortable-item__grip", "Welcome");
    welcome.focus().unwrap();
    key(&welcome, " ");
    key(&welcome, "ArrowDown");
    key(&welcome, " ");
    until("the new order", || order(&root, "Content of Early stage") == ["Tips", "Welcome", "Offer"]).await;
    assert_eq!(live(&root), "Moved Welcome from position 1 to 2 in Early stage");
    assert_eq!(plan_order(&m.ws, 0), ["tips", "welcome", "offer"]);
    until("focus on the moved item", || active_label().as_deref() == Some("Welcome")).await;
    // One edit, one undo.
    assert_eq!(m.ws.undo().as_deref(), Some("Moved Welcome from position 1 to 2 in Early stage"));
    until("the old order", || order(&root, "Content of Early stage") == ["Welcome", "Tips", "Offer"]).await;

    // To the other stream with the right arrow.
    let tips = by_label(&root, ".sortable-item__grip", "Tips");
    tips.focus().unwrap();
    key(&tips, "Enter");
    key(&tips, "ArrowRight");
    key(&tips, "Enter");
    until("the move", || order(&root, "Content of Late stage") == ["Tips"]).await;
    assert_eq!(live(&root), "Moved Tips from position 2 in Early stage to position 1 in Late stage");
    assert_eq!(plan_order(&m.ws, 1), ["tips"]);
}

#[wasm_bindgen_test]
async fn pointer_drag_and_menu_reorder_the_plan() {
    let m = mount_editor();
    let root: Element = m.root.clone();
    until("the stream list", || all(&root, "ul[aria-label='Content of Early stage'] > li").len() == 3).await;
    let items = all(&root, "ul[aria-label='Content of Early stage'] > li");
    // Press on the item's name (not a button), drag to above the first.
    let name = items[2].query_selector(".content-card__name").unwrap().unwrap();
    let r = name.get_bounding_client_rect();
    let (x, y) = (r.left() + 5.0, r.top() + r.height() / 2.0);
    let top = items[0].get_bounding_client_rect().top();
    pointer(&name, "pointerdown", x, y);
    pointer(&name, "pointermove", x, y - 20.0);
    pointer(&name, "pointermove", x, top + 3.0);
    pointer(&name, "pointerup", x, top + 3.0);
    until("the new order", || order(&root, "Content of Early stage") == ["Offer", "Welcome", "Tips"]).await;
    assert_eq!(live(&root), "Moved Offer from position 3 to 1 in Early stage");
    assert_eq!(plan_order(&m.ws, 0), ["offer", "welcome", "tips"]);
    until("focus on the moved item", || active_label().as_deref() == Some("Offer")).await;

    // The menu: Tips to the top.
    let button = by_label(&root, "button[aria-haspopup=menu]", "Move Tips");
    button.click();
    until("the menu", || all(&root, "[role=menu]").len() == 1).await;
    let top_item: HtmlElement = all(&root, "[role=menuitem]").remove(0).unchecked_into();
    assert_eq!(top_item.text_content().as_deref(), Some("Move to top"));
    top_item.click();
    until("Tips on top", || order(&root, "Content of Early stage") == ["Tips", "Offer", "Welcome"]).await;
    assert_eq!(live(&root), "Moved Tips from position 3 to 1 in Early stage");
    until("focus on its menu", || active_label().as_deref() == Some("Move Tips")).await;
}

#[wasm_bindgen_test]
async fn archived_items_hide_and_moves_skip_them() {
    let m = mount_editor();
    let root: Element = m.root.clone();
    until("the stream list", || all(&root, "ul[aria-label='Content of Early stage'] > li").len() == 3).await;
    m.ws.dispatch(Edit::SetItemArchived { stream: "early".into(), content: "tips".into(), archived: true }).unwrap();
    until("Tips hidden", || order(&root, "Content of Early stage") == ["Welcome", "Offer"]).await;
    // Offer (visible 2) up one: above Welcome in the full list.
    let offer = by_label(&root, ".sortable-item__grip", "Offer");
    offer.focus().unwrap();
    key(&offer, " ");
    key(&offer, "ArrowUp");
    key(&offer, " ");
    until("the new order", || order(&root, "Content of Early stage") == ["Offer", "Welcome"]).await;
    assert_eq!(plan_order(&m.ws, 0), ["offer", "welcome", "tips"]);
    // Show archived brings it back in the list.
    by_label(&root, "button", "Show archived in Early stage").click();
    until("Tips shown", || order(&root, "Content of Early stage") == ["Offer", "Welcome", "Tips"]).await;
}

#[wasm_bindgen_test]
async fn a_refused_activation_shows_the_rule_and_activate_all_reports_skips() {
    let m = mount_editor();
    let root: Element = m.root.clone();
    until("the stream list", || all(&root, "ul[aria-label='Content of Early stage'] > li").len() == 3).await;
    m.ws.dispatch(Edit::UpdateEmail {
        id: "offer".into(),
        fields: EmailFields { name: Some("Offer".into()), subject: None, approved: false, operational: false },
        on_conflict: engine::edit::OnConflict::Deactivate,
    })
    .unwrap();
    let switch = by_label(&root, "button[role=switch]", "Active: Offer");
    assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
    switch.click();
    let error = m.ws.error.get_untracked().unwrap_or_default();
    assert!(error.contains("R-CO-2"), "{error}");
    by_label(&root, "button", "Activate all in Early stage").click();
    until("the skip report", || root.text_content().unwrap_or_default().contains("Activate all skipped 1 item:")).await;
    assert_eq!(live(&root), "Activated 2 items in Early stage; skipped 1");
    assert_eq!(by_label(&root, "button[role=switch]", "Active: Welcome").get_attribute("aria-checked").as_deref(), Some("true"));
}
