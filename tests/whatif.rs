//! The what-if page in a real browser: a scheduled pause of a segment
//! (members matching a condition) appears on the timeline as one change
//! and one undo takes it away; "Duplicate as scenario" stores a workspace
//! that names its base; workspace records saved before scenarios existed
//! (IndexedDB version 1) still open.
#![cfg(target_arch = "wasm32")]

mod editor_support;
mod support;

use std::rc::Rc;

use editor_support::{all, by_label, by_text, dialog, field, set_value, try_by_label, until};
use engagement_planner::storage::{Backend, IdbBackend, MemoryBackend};
use engine::edit::{apply, Edit};
use engine::model::{AttrValue, PersonCadence, Plan, SimulationWindow};
use engine::time::{parse_instant, Instant};
use support::{config, mount_app_with, text};
use leptos::prelude::WithUntracked;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// The planner tests' "Nurture" program with its three people as members,
/// each with a `role`: p1 and p3 buyers, p2 an engineer.
fn plan() -> Plan {
    let mut plan = editor_support::plan();
    plan.workspace.name = Some("Base plan".into());
    for (id, role) in [("p1", "buyer"), ("p2", "engineer"), ("p3", "buyer")] {
        let p = plan.people.iter_mut().find(|p| p.id.as_str() == id).unwrap();
        p.attributes.insert("role".into(), AttrValue::Str(role.into()));
        let add = Edit::AddMember { person: id.into(), program: "ep".into(), stream: "early".into(), cadence: PersonCadence::Normal };
        apply(&mut plan, &add, Instant(0)).unwrap();
    }
    plan.simulation = Some(SimulationWindow {
        start: parse_instant("2027-01-01T00:00:00Z").unwrap(),
        end: parse_instant("2027-04-01T00:00:00Z").unwrap(),
    });
    plan
}

/// Picks `value` in the select labelled `label` once it offers it.
async fn choose(root: &Element, label: &str, value: &str) {
    until(&format!("{label} offering {value}"), || {
        let select: web_sys::HtmlSelectElement = field(root, label).unchecked_into();
        if select.value() == value {
            return true;
        }
        if all(&select, "option").iter().any(|o| o.get_attribute("value").as_deref() == Some(value)) {
            set_value(&select, value);
        }
        false
    })
    .await;
}

fn timeline_items(root: &Element) -> Vec<String> {
    all(root, "ol.whatif-timeline li .whatif-timeline__what").iter().map(text).collect()
}

#[wasm_bindgen_test]
async fn a_segment_pause_shows_on_the_timeline_and_undo_removes_it() {
    let backend = Rc::new(MemoryBackend::new());
    let app = mount_app_with("/whatif", config(backend, Some(plan()), None));
    let root: Element = app.root.clone().into();
    until("the page", || all(&root, "h1").first().is_some_and(|h| text(h) == "What-if")).await;
    until("the form", || try_by_label(&root, "[role=group]", "Segment").is_some()).await;
    assert!(all(&root, "p.whatif-empty").iter().any(|p| text(p) == "No scheduled changes yet."));

    // Change: pause a segment (the default), of Nurture (the only program).
    set_value(&field(&root, "Change"), "pause");
    set_value(&field(&root, "Date"), "2027-02-02");
    set_value(&field(&root, "Time"), "09:00");
    let segment = by_label(&root, "[role=group]", "Segment");
    by_text(&segment, "button", "Add condition").click();
    until("a condition", || try_by_label(&segment, "[role=group]", "Segment condition 1").is_some()).await;
    let row = by_label(&segment, "[role=group]", "Segment condition 1");
    // Each choice re-renders the fields after it: choose once the options
    // are there, and find the next field again.
    choose(&row, "Segment condition 1: attribute", "role").await;
    choose(&row, "Segment condition 1: comparison", "eq").await;
    set_value(&field(&row, "Segment condition 1: value"), "buyer");
    until("the segment's size", || {
        all(&root, ".whatif-segment__count").iter().any(|p| text(p) == "2 members of the program match")
    })
    .await;
    by_text(&root, "button", "Schedule change").click();

    let expected = "pause 2 people in Nurture on Tue 2 Feb 2027 09:00";
    until("the change on the timeline", || timeline_items(&root) == [expected]).await;
    app.ws.plan.with_untracked(|p| {
        let paused: Vec<&str> = p
            .events
            .iter()
            .map(|e| match &e.kind {
                engine::model::EventKind::Pause { person, .. } => person.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(paused, ["p1", "p3"], "one pause per member of the segment");
    });
    let remove = format!("Remove scheduled change: {expected}");
    assert!(try_by_label(&root, "button", &remove).is_some());
    assert!(all(&root, "svg[role=img]").iter().any(|s| s
        .get_attribute("aria-label")
        .is_some_and(|l| l.ends_with("with 1 scheduled change"))));

    // One undo takes the whole change away.
    let undo = by_label(&root, "button", &format!("Undo Scheduled {expected}"));
    undo.click();
    until("the timeline empty", || timeline_items(&root).is_empty()).await;
    assert!(app.ws.plan.with_untracked(|p| p.events.is_empty()));
}

#[wasm_bindgen_test]
async fn refused_changes_say_why_next_to_the_form() {
    let app = mount_app_with("/whatif", config(Rc::new(MemoryBackend::new()), Some(plan()), None));
    let root: Element = app.root.clone().into();
    until("the form", || try_by_label(&root, "[role=group]", "Segment").is_some()).await;
    // Move content needs a position.
    set_value(&field(&root, "Change"), "move_content");
    until("the content field", || all(&root, "label").iter().any(|l| text(l) == "Content")).await;
    by_text(&root, "button", "Schedule change").click();
    until("the reason", || {
        all(&root, "[role=alert]").iter().any(|a| text(a) == "Give the position to move the content to (1 is the top)")
    })
    .await;
    // A date after the window is scheduled, with a warning.
    set_value(&field(&root, "Change"), "program_off");
    set_value(&field(&root, "Date"), "2027-05-01");
    by_text(&root, "button", "Schedule change").click();
    until("the warning", || {
        all(&root, "ul[aria-label=Warnings] li").iter().any(|w| text(w).contains("the simulation ignores it"))
    })
    .await;
    until("the badge", || all(&root, ".whatif-timeline .badge").iter().any(|b| text(b) == "Outside the simulation window")).await;
}

#[wasm_bindgen_test]
async fn duplicating_as_a_scenario_stores_a_workspace_naming_its_base() {
    let backend = Rc::new(MemoryBackend::new());
    let app = mount_app_with("/whatif", config(backend.clone(), Some(plan()), None));
    let root: Element = app.root.clone().into();
    until("the scenario panel", || all(&root, ".whatif-scenario__base").iter().any(|p| text(p).starts_with("This workspace is not a scenario"))).await;
    let list = backend.list().await.unwrap();
    assert_eq!(list.len(), 1);
    let base_id = list[0].id.clone();
    assert_eq!(list[0].base, None);

    by_text(&root, "button", "Duplicate as scenario").click();
    until("the dialog", || !all(&root, "dialog[open]").is_empty()).await;
    let d = dialog(&root);
    // The dialog's text field, labelled by its wrapping label.
    let name: web_sys::HtmlInputElement =
        by_text(&d, "label", "Scenario name").query_selector("input").unwrap().unwrap().unchecked_into();
    assert_eq!(name.value(), "Base plan scenario");
    set_value(&name, "Spring test");
    by_text(&d, "button", "Create scenario").click();

    until("the scenario open", || {
        all(&root, ".whatif-scenario__base").iter().any(|p| text(p) == "This workspace is a scenario of Base plan.")
    })
    .await;
    assert_eq!(app.ws.plan.with_untracked(|p| p.workspace.name.clone()).as_deref(), Some("Spring test"));
    let list = backend.list().await.unwrap();
    let scenario = list.iter().find(|m| m.name == "Spring test").expect("the scenario is stored");
    assert_eq!(scenario.base.as_deref(), Some(base_id.as_str()));
    // An edit in the scenario is saved with the base kept.
    app.ws.dispatch(Edit::SetWorkspaceName { name: Some("Spring test 2".into()) }).unwrap();
    for _ in 0..200 {
        let l = backend.list().await.unwrap();
        if l.iter().any(|m| m.name == "Spring test 2") {
            let m = l.iter().find(|m| m.name == "Spring test 2").unwrap();
            assert_eq!(m.base.as_deref(), Some(base_id.as_str()), "saves keep the base");
            // Compare offers both, the base as A and the scenario as B.
            let a: web_sys::HtmlSelectElement = field(&root, "Run A").unchecked_into();
            let b: web_sys::HtmlSelectElement = field(&root, "Run B").unchecked_into();
            assert_eq!(a.value(), base_id);
            assert_eq!(b.value(), m.id);
            return;
        }
        editor_support::sleep(20).await;
    }
    panic!("the renamed scenario was never saved");
}

/// Creates database `name` at version 1 as the first release did, with one
/// workspace record (no `base`), its document and no audience.
async fn create_version_1(name: &str, document: &str) {
    let make = js_sys::Function::new_with_args(
        "name, doc",
        "return new Promise((resolve, reject) => {
            const del = indexedDB.deleteDatabase(name);
            del.onsuccess = del.onerror = () => {
                const req = indexedDB.open(name, 1);
                req.onupgradeneeded = () => {
                    for (const s of ['workspaces', 'documents', 'audiences']) req.result.createObjectStore(s, { keyPath: 'id' });
                };
                req.onerror = () => reject(req.error);
                req.onsuccess = () => {
                    const db = req.result;
                    const tx = db.transaction(['workspaces', 'documents'], 'readwrite');
                    tx.objectStore('workspaces').put({ id: 'old', name: 'Old one', updated_at: 1, revision: 3 });
                    tx.objectStore('documents').put({ id: 'old', json: doc, previous: null });
                    tx.oncomplete = () => { db.close(); resolve(); };
                    tx.onerror = () => reject(tx.error);
                };
            };
        })",
    );
    let promise: js_sys::Promise =
        make.call2(&wasm_bindgen::JsValue::NULL, &name.into(), &document.into()).unwrap().unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn version_1_records_open_without_a_base() {
    let name = "whatif-test-v1";
    let document = engagement_planner::storage::record::document(&Plan::empty("Old one"));
    create_version_1(name, &document).await;
    let backend = IdbBackend::new(name);
    let list = backend.list().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].id.as_str(), list[0].revision, list[0].base.as_deref()), ("old", 3, None));
    let stored = backend.load("old").await.unwrap().unwrap();
    let plan = engagement_planner::storage::record::join(&stored.document, &stored.audience).unwrap();
    assert_eq!(plan.workspace.name.as_deref(), Some("Old one"));
    backend.close();
}
