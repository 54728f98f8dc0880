//! The program editor in a real browser, over the workspace store: the
//! stream's content list reorders by keyboard, pointer and the item menu
//! through `Edit::MoveItem`, the live region says what the engine did,
//! and the plan holds the new order.
#![cfg(target_arch = "wasm32")]

use engagement_planner::pages::ProgramEditor;
use engagement_planner::state::Workspace;
use engine::edit::{apply, Edit, EmailFields};
use engine::model::{EpId, Plan};
use engine::time::Instant;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// A program "Nurture" with streams Early stage (Welcome, Tips, Offer) and
/// Late stage (empty).
fn plan() -> Plan {
    let mut plan = Plan::empty("t");
    let now = Instant(0);
    let mut run = |e: Edit| {
        apply(&mut plan, &e, now).unwrap();
    };
    run(Edit::CreateEngagementProgram { id: Some("ep".into()), name: "Nurture".into(), stream_id: Some("early".into()) });
    run(Edit::RenameStream { stream: "early".into(), name: "Early stage".into() });
    run(Edit::AddStream { program: "ep".into(), id: Some("late".into()), name: "Late stage".into() });
    for name in ["Welcome", "Tips", "Offer"] {
        let id = name.to_lowercase();
        run(Edit::CreateEmail {
            id: Some(id.as_str().into()),
            fields: EmailFields { name: Some(name.into()), subject: None, approved: true, operational: false },
        });
        run(Edit::AddItem { stream: "early".into(), content: id.as_str().into(), to_index: None });
    }
    plan
}

struct Mounted {
    root: HtmlElement,
    owner: Owner,
    ws: Workspace,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.owner.cleanup();
        self.root.remove();
    }
}

fn mount() -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let ws = owner.with(|| Workspace::new(plan()));
    let handle = owner.with(|| {
        mount_to(root.clone(), move || {
            provide_context(ws);
            view! {
                <Router>
                    <div id="live" role="status">{move || ws.announce.get()}</div>
                    <ProgramEditor program=EpId::from("ep")/>
                </Router>
            }
        })
    });
    std::mem::forget(handle);
    Mounted { root, owner, ws }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

async fn until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        sleep(10).await;
    }
    let body = web_sys::window().unwrap().document().unwrap().body().unwrap().inner_html();
    panic!("timed out waiting for {what}; the page: {body}");
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn by_label(root: &Element, selector: &str, label: &str) -> HtmlElement {
    all(root, selector)
        .into_iter()
        .find(|e| e.get_attribute("aria-label").as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no {selector} labelled {label:?}"))
        .unchecked_into()
}

fn order(root: &Element, list: &str) -> Vec<String> {
    let ul = by_label(root, "ul", list);
    all(&ul, "li > .sortable-item__grip").iter().map(|b| b.get_attribute("aria-label").unwrap()).collect()
}

fn plan_order(ws: &Workspace, stream: usize) -> Vec<String> {
    ws.plan.with_untracked(|p| {
        p.engagement_programs[0].streams[stream].content.iter().map(|i| i.content.id().to_string()).collect()
    })
}

fn live(root: &Element) -> String {
    root.query_selector("#live").unwrap().unwrap().text_content().unwrap_or_default().trim_end_matches('\u{a0}').to_owned()
}

fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

fn pointer(target: &Element, kind: &str, x: f64, y: f64) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_pointer_id(1);
    init.set_is_primary(true);
    init.set_button(if kind == "pointermove" { -1 } else { 0 });
    init.set_pointer_type("mouse");
    target.dispatch_event(&PointerEvent::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

fn active_label() -> Option<String> {
    web_sys::window().unwrap().document().unwrap().active_element()?.get_attribute("aria-label")
}

#[wasm_bindgen_test]
async fn keyboard_reorder_dispatches_a_move_and_announces_it() {
    let m = mount();
    let root: Element = m.root.clone().into();
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
    let m = mount();
    let root: Element = m.root.clone().into();
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
    let m = mount();
    let root: Element = m.root.clone().into();
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
    let m = mount();
    let root: Element = m.root.clone().into();
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
