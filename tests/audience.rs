//! The Audience page in a real browser: generate people with the dialog,
//! the virtualised grid's size and keyboard, search, and a bulk add that is
//! one undoable edit.
#![cfg(target_arch = "wasm32")]

mod support;

use engine::edit::Edit;
use engine::model::{EpId, StreamId};
use leptos::prelude::WithUntracked;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

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

fn enter(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn key(el: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    el.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// The people grid, once its row count (people + the header row) is `rows`.
async fn grid_with_rows(root: &Element, rows: usize) -> HtmlElement {
    wait_for(&format!("the People grid with aria-rowcount {rows}"), || {
        all(root, "[role=grid]")
            .into_iter()
            .find(|g| accessible_name(g) == "People" && g.get_attribute("aria-rowcount") == Some(rows.to_string()))
            .map(|g| g.unchecked_into())
    })
    .await
}

/// The grid's active row (`aria-activedescendant`).
fn active_row(grid: &Element) -> Option<Element> {
    let id = grid.get_attribute("aria-activedescendant")?;
    grid.owner_document()?.get_element_by_id(&id)
}

#[wasm_bindgen_test]
async fn generate_browse_search_and_bulk_add_with_undo() {
    let app = mount_app("/audience");
    assert_eq!(page_heading(&app.root).await, "Audience");
    app.ws
        .dispatch(Edit::CreateEngagementProgram {
            id: Some(EpId::new("ep-1")),
            name: "Onboarding".into(),
            stream_id: Some(StreamId::new("s-1")),
        })
        .unwrap();

    // The empty state offers the generator.
    button(&app.root, "Generate people…").await.click();
    let size = field(&app.root, "Number of people").await;
    enter(&size, "2000");
    button(&app.root, "Generate").await.click();

    // 2,000 people and the header row.
    let grid = grid_with_rows(&app.root, 2001).await;
    assert_eq!(app.ws.plan.with_untracked(|p| p.people.len()), 2000);
    wait_for("the count", || all(&app.root, ".people-count").first().filter(|c| text(c) == "2,000 people").map(|_| ()))
        .await;
    // Only the visible rows (and overscan) are in the DOM.
    let rendered = all(&grid, "[role=rowgroup] [role=row]").len();
    assert!(rendered > 10 && rendered < 60, "{rendered} rows rendered");

    // End goes to the last person, who is rendered and announced by index.
    grid.focus().unwrap();
    key(&grid, "End");
    let last = wait_for("the last row active", || {
        active_row(&grid).filter(|r| r.get_attribute("aria-rowindex").as_deref() == Some("2001"))
    })
    .await;
    assert!(text(&last).starts_with("p0001999"), "{}", text(&last));
    key(&grid, "Home");
    wait_for("the first row active", || {
        active_row(&grid).filter(|r| text(r).starts_with("p0000000")).map(|_| ())
    })
    .await;

    // Search narrows the rows.
    let search = field(&app.root, "Search people").await;
    enter(&search, "p000199");
    let grid = grid_with_rows(&app.root, 11).await;
    wait_for("the narrowed count", || {
        all(&app.root, ".people-count").first().filter(|c| text(c) == "10 of 2,000 people").map(|_| ())
    })
    .await;

    // Bulk add the 10 shown people to the stream: one edit.
    button(&app.root, "Bulk actions…").await.click();
    button(&app.root, "Add 10 people").await.click();
    wait_for("the members", || {
        (app.ws.plan.with_untracked(|p| p.memberships.len()) == 10).then_some(())
    })
    .await;
    assert!(app
        .ws
        .plan
        .with_untracked(|p| p.memberships.iter().all(|m| m.person.as_str().starts_with("p000199"))));
    wait_for("the result", || {
        all(&app.root, "dialog [role=status]")
            .into_iter()
            .find(|s| text(s) == "Added 10 people to Onboarding in Default stream")
    })
    .await;
    // The membership column shows it.
    wait_for("the membership cell", || {
        all(&grid, "[role=gridcell]").into_iter().find(|c| text(c) == "Onboarding → Default stream")
    })
    .await;
    button(&app.root, "Close").await.click();

    // Undo reverts the whole bulk add.
    button(&app.root, "Undo Added 10 people to Onboarding in Default stream").await.click();
    wait_for("no members", || (app.ws.plan.with_untracked(|p| p.memberships.len()) == 0).then_some(())).await;
    assert_eq!(app.ws.plan.with_untracked(|p| p.people.len()), 2000, "people are not edits");
}

#[wasm_bindgen_test]
async fn a_bad_size_is_named_and_nothing_is_generated() {
    let app = mount_app("/audience");
    button(&app.root, "Generate people…").await.click();
    enter(&field(&app.root, "Number of people").await, "2000000");
    button(&app.root, "Generate").await.click();
    wait_for("the message", || {
        all(&app.root, "dialog [role=alert]")
            .into_iter()
            .find(|e| text(e) == "Number of people: enter a whole number from 1 to 1000000")
    })
    .await;
    assert_eq!(app.ws.plan.with_untracked(|p| p.people.len()), 0);
}
