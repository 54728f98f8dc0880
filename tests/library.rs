//! The content library in a real browser: creating an email and a program
//! (with an audience built from conditions), and referential integrity:
//! unapproving an email that streams use lists the places and offers to
//! deactivate it there or remove it (R-CO-2), deleting one removes it from
//! where it is used; renames keep ids.
#![cfg(target_arch = "wasm32")]

mod editor_support;

use editor_support::*;
use engagement_planner::pages::LibraryPage;
use engine::edit::Edit;
use engine::model::{AttrOp, Condition};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_library() -> Mounted {
    mount(plan(), || view! { <LibraryPage/> })
}

fn email_names(root: &Element) -> Vec<String> {
    all(root, "section[aria-labelledby=library-emails] tbody th").iter().map(|t| t.text_content().unwrap()).collect()
}

async fn open_action(root: &Element, item: &str, action: &str) -> Element {
    by_label(root, "button", &format!("Actions for {item}")).click();
    until("the menu", || !all(root, "[role=menu]").is_empty()).await;
    by_text(root, "[role=menuitem]", action).click();
    until("the dialog", || !all(root, "dialog[open] .dialog__body").is_empty()).await;
    dialog(root)
}

fn checkbox(d: &Element, label_start: &str) -> HtmlInputElement {
    all(d, "label")
        .into_iter()
        .find(|l| l.text_content().unwrap_or_default().trim_start().starts_with(label_start))
        .and_then(|l| l.query_selector("input").ok().flatten())
        .unwrap_or_else(|| panic!("no checkbox {label_start:?}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn emails_are_created_renamed_and_unapproved_with_their_places() {
    let m = mount_library();
    let root = m.root.clone();
    until("the emails", || email_names(&root) == ["Welcome", "Tips", "Offer"]).await;

    by_text(&root, "button", "New email").click();
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    set_value(&field(&d, "Name"), "Survey");
    set_value(&field(&d, "Subject"), "Two minutes?");
    by_text(&d, "button", "Create email").click();
    until("the new row", || email_names(&root) == ["Welcome", "Tips", "Offer", "Survey"]).await;

    // Renaming keeps the id, so the stream still holds it.
    let d = open_action(&root, "Welcome", "Edit…").await;
    set_value(&field(&d, "Name"), "Hello");
    by_text(&d, "button", "Save email").click();
    until("renamed", || email_names(&root)[0] == "Hello").await;
    m.ws.plan.with_untracked(|p| assert_eq!(p.engagement_programs[0].streams[0].content[0].content.id().as_str(), "welcome"));

    // Unapproving an email a stream uses (and has active) asks what to do.
    m.ws.dispatch(Edit::SetItemActive { stream: "early".into(), content: "welcome".into(), active: true }).unwrap();
    let d = open_action(&root, "Hello", "Edit…").await;
    checkbox(&d, "Approved").click();
    by_text(&d, "button", "Save email").click();
    until("the places", || !all(&d, "ul[aria-label='Where it is used'] li").is_empty()).await;
    let places: Vec<String> = all(&d, "ul[aria-label='Where it is used'] li").iter().map(|l| l.text_content().unwrap()).collect();
    assert_eq!(places, ["Early stage (Nurture), position 1"]);
    assert!(d.text_content().unwrap().contains("R-CO-2"));
    by_text(&d, "button", "Deactivate where active").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    m.ws.plan.with_untracked(|p| {
        assert!(!p.emails[0].approved);
        let item = &p.engagement_programs[0].streams[0].content[0];
        assert_eq!(item.content.id().as_str(), "welcome", "still in the stream");
        assert!(!item.active, "deactivated");
    });
}

#[wasm_bindgen_test]
async fn deleting_a_used_email_lists_and_removes_its_places() {
    let m = mount_library();
    let root = m.root.clone();
    until("the emails", || email_names(&root).len() == 3).await;
    let d = open_action(&root, "Tips", "Delete…").await;
    let places: Vec<String> = all(&d, "ul[aria-label='Where it is used'] li").iter().map(|l| l.text_content().unwrap()).collect();
    assert_eq!(places, ["Early stage (Nurture), position 2"]);
    by_text(&d, "button", "Delete and remove from those places").click();
    until("gone", || email_names(&root) == ["Welcome", "Offer"]).await;
    assert_eq!(plan_order(&m.ws, 0), ["welcome", "offer"]);
}

#[wasm_bindgen_test]
async fn a_program_gets_an_audience_from_the_condition_builder() {
    let m = mount_library();
    let root = m.root.clone();
    until("the emails", || email_names(&root).len() == 3).await;
    by_text(&root, "button", "New program").click();
    until("the dialog", || !all(&root, "dialog[open] .dialog__body").is_empty()).await;
    let d = dialog(&root);
    set_value(&field(&d, "Name"), "Webinar");
    set_value(&field(&d, "Kind"), "event");
    by_text(&d, "button", "Add condition").click();
    until("a condition", || try_by_label(&d, "[role=group]", "Audience condition 1").is_some()).await;
    let row = by_label(&d, "[role=group]", "Audience condition 1");
    set_value(&field(&row, "Audience condition 1: attribute"), "score");
    until("a number input", || field(&row, "Audience condition 1: value").type_() == "number").await;
    set_value(&field(&row, "Audience condition 1: value"), "50");
    by_text(&d, "button", "Create program").click();
    until("the dialog closed", || all(&root, "dialog[open]").is_empty()).await;
    m.ws.plan.with_untracked(|p| {
        let c = p.programs.iter().find(|c| c.name.as_deref() == Some("Webinar")).expect("created");
        assert_eq!(c.kind, engine::model::ProgramKind::Event);
        assert_eq!(c.audience, Some(Condition::Attr { name: "score".into(), op: AttrOp::Gte(50.0) }));
    });
}
