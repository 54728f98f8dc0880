//! The sortable board in a real browser (headless Chromium): a board of two
//! lists over a plain signal model, reordered by keyboard, by synthetic
//! pointer events and by the item menu, checking the DOM order, the live
//! region and where focus ends.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use engagement_planner::components::sortable::{ListMeta, MoveRequest, SortEntry, SortableBoard, SortableList};
use engine::edit::reorder::{reorder, transfer};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit};

wasm_bindgen_test_configure!(run_in_browser);

type Lists = Vec<(String, String, Vec<SortEntry>)>;

fn entries(names: &[&str]) -> Vec<SortEntry> {
    names.iter().map(|n| SortEntry { key: n.to_lowercase(), label: (*n).to_owned() }).collect()
}

/// A mounted board; removes itself when dropped.
struct Mounted {
    root: HtmlElement,
    owner: Owner,
    lists: RwSignal<Lists>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.owner.cleanup();
        self.root.remove();
    }
}

/// Two lists side by side: Early (Welcome, Tips, Offer) and Late (Survey).
fn mount_board() -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let lists = owner.with(|| {
        RwSignal::new(vec![
            ("early".to_owned(), "Early".to_owned(), entries(&["Welcome", "Tips", "Offer"])),
            ("late".to_owned(), "Late".to_owned(), entries(&["Survey"])),
        ])
    });
    let handle = owner.with(|| {
        mount_to(root.clone(), move || {
            let live = RwSignal::new(String::new());
            let metas = Signal::derive(move || {
                lists.with(|ls| ls.iter().map(|(id, label, _)| ListMeta { id: id.clone(), label: label.clone() }).collect::<Vec<_>>())
            });
            // The model's move, announced as the engine words it.
            let on_move = Callback::new(move |r: MoveRequest| {
                let mut text = String::new();
                lists.update(|ls| {
                    let from = ls.iter().position(|l| l.0 == r.from_list).unwrap();
                    let to = ls.iter().position(|l| l.0 == r.to_list).unwrap();
                    let label = ls[from].2[r.from_index].label.clone();
                    if from == to {
                        reorder(&mut ls[from].2, r.from_index, r.to_index).unwrap();
                        text = format!("Moved {label} from position {} to {} in {}", r.from_index + 1, r.to_index + 1, ls[from].1);
                    } else {
                        let mut dst = std::mem::take(&mut ls[to].2);
                        transfer(&mut ls[from].2, r.from_index, &mut dst, r.to_index).unwrap();
                        ls[to].2 = dst;
                        text = format!("Moved {label} to position {} in {}", r.to_index + 1, ls[to].1);
                    }
                });
                live.set(text);
                true
            });
            view! {
                <div id="live" role="status" aria-live="polite">{move || live.get()}</div>
                <SortableBoard lists=metas on_move announce=Callback::new(move |m| live.set(m)) noun="stream">
                    <div style="display: flex; gap: 40px">
                        {move || {
                            lists
                                .with(|ls| ls.iter().map(|(id, label, _)| (id.clone(), label.clone())).collect::<Vec<_>>())
                                .into_iter()
                                .map(|(id, label)| {
                                    let key = id.clone();
                                    let items = Signal::derive(move || {
                                        lists.with(|ls| ls.iter().find(|l| l.0 == key).map(|l| l.2.clone()).unwrap_or_default())
                                    });
                                    view! {
                                        <div style="width: 300px">
                                            <SortableList
                                                id=id
                                                label=format!("Content of {label}")
                                                items
                                                item_view=|key: String| view! { <span class="body">{key}</span> }
                                            />
                                        </div>
                                    }
                                })
                                .collect_view()
                        }}
                    </div>
                </SortableBoard>
            }
        })
    });
    std::mem::forget(handle);
    Mounted { root, owner, lists }
}

async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, Duration::from_millis(ms).as_millis() as i32)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 10 s) until `check` holds; panics with `what` and the page.
async fn until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..1000 {
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

/// The item labels of the list named `name`, in DOM order.
fn order(root: &Element, name: &str) -> Vec<String> {
    let ul = all(root, "ul").into_iter().find(|u| u.get_attribute("aria-label").as_deref() == Some(name)).unwrap();
    all(&ul, "li > .sortable-item__grip").iter().map(|b| b.get_attribute("aria-label").unwrap()).collect()
}

fn live(root: &Element) -> String {
    root.query_selector("#live").unwrap().unwrap().text_content().unwrap_or_default().trim_end_matches('\u{a0}').to_owned()
}

fn grip(root: &Element, label: &str) -> HtmlElement {
    all(root, ".sortable-item__grip")
        .into_iter()
        .find(|b| b.get_attribute("aria-label").as_deref() == Some(label))
        .unwrap()
        .unchecked_into()
}

fn active_label() -> Option<String> {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.active_element()?.get_attribute("aria-label")
}

fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn pointer(target: &Element, kind: &str, x: f64, y: f64) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_pointer_id(1);
    init.set_is_primary(true);
    init.set_button(if kind == "pointermove" { -1 } else { 0 });
    init.set_pointer_type("mouse");
    let ev = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn centre(el: &Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0)
}

#[wasm_bindgen_test]
async fn keyboard_picks_up_moves_and_drops() {
    let m = mount_board();
    let root: Element = m.root.clone().into();
    until("the lists", || order(&root, "Content of Early").len() == 3).await;
    let welcome = grip(&root, "Welcome");
    welcome.focus().unwrap();

    key(&welcome, " ");
    until("the pick-up announcement", || live(&root).starts_with("Picked up Welcome, position 1 of 3 in Early")).await;
    assert_eq!(welcome.get_attribute("aria-pressed").as_deref(), Some("true"));
    key(&welcome, "ArrowDown");
    until("the position announcement", || live(&root) == "Welcome: position 2 of 3 in Early").await;
    // Nothing moves before the drop.
    assert_eq!(order(&root, "Content of Early"), ["Welcome", "Tips", "Offer"]);
    key(&welcome, "ArrowDown");
    until("position 3", || live(&root) == "Welcome: position 3 of 3 in Early").await;
    key(&welcome, "ArrowDown");
    until("the bottom", || live(&root) == "Welcome is at the bottom of Early").await;
    key(&welcome, "ArrowUp");
    until("position 2 again", || live(&root) == "Welcome: position 2 of 3 in Early").await;
    key(&welcome, " ");

    until("the new order", || order(&root, "Content of Early") == ["Tips", "Welcome", "Offer"]).await;
    assert_eq!(live(&root), "Moved Welcome from position 1 to 2 in Early");
    until("focus on the moved item", || active_label().as_deref() == Some("Welcome")).await;
    let moved = grip(&root, "Welcome");
    assert_eq!(moved.get_attribute("aria-pressed").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn keyboard_moves_across_lists_and_escape_cancels() {
    let m = mount_board();
    let root: Element = m.root.clone().into();
    until("the lists", || order(&root, "Content of Early").len() == 3).await;

    // Escape puts everything back.
    let tips = grip(&root, "Tips");
    tips.focus().unwrap();
    key(&tips, "Enter");
    key(&tips, "ArrowUp");
    key(&tips, "Escape");
    until("the cancel announcement", || live(&root) == "Move cancelled. Tips stays at position 2 in Early").await;
    assert_eq!(order(&root, "Content of Early"), ["Welcome", "Tips", "Offer"]);
    assert_eq!(active_label().as_deref(), Some("Tips"));

    // Right moves to the neighbouring list, at the same row or its end.
    key(&tips, "Enter");
    key(&tips, "ArrowRight");
    until("the other list", || live(&root) == "Tips: position 2 of 2 in Late").await;
    key(&tips, "ArrowRight");
    until("no list further right", || live(&root) == "There is no stream to the right of Late").await;
    key(&tips, "ArrowUp");
    key(&tips, "Enter");
    until("the move", || order(&root, "Content of Late") == ["Tips", "Survey"]).await;
    assert_eq!(order(&root, "Content of Early"), ["Welcome", "Offer"]);
    assert_eq!(live(&root), "Moved Tips to position 1 in Late");
    until("focus on the moved item", || active_label().as_deref() == Some("Tips")).await;
    assert_eq!(m.lists.with_untracked(|l| l[1].2.len()), 2);
}

#[wasm_bindgen_test]
async fn pointer_drag_reorders_with_an_indicator_and_escape_cancels() {
    let m = mount_board();
    let root: Element = m.root.clone().into();
    until("the lists", || order(&root, "Content of Early").len() == 3).await;
    let items = all(&root, "ul[aria-label='Content of Early'] > li");
    let (x, y) = centre(&items[2]);
    let top = items[0].get_bounding_client_rect().top();

    // A press without travel is a click, not a drag.
    pointer(&items[2], "pointerdown", x, y);
    pointer(&items[2], "pointermove", x + 2.0, y);
    pointer(&items[2], "pointerup", x + 2.0, y);
    assert!(all(&root, ".sortable-list__indicator").is_empty());

    // Drag Offer above Welcome.
    pointer(&items[2], "pointerdown", x, y);
    pointer(&items[2], "pointermove", x, y - 10.0);
    pointer(&items[2], "pointermove", x, top + 2.0);
    until("the drop indicator", || all(&root, ".sortable-list__indicator").len() == 1).await;
    assert!(live(&root).starts_with("Offer: position 1 of 3 in Early"), "{}", live(&root));
    assert_eq!(all(&root, "li.is-lifted").len(), 1);
    let doc = web_sys::window().unwrap().document().unwrap();
    assert_eq!(all(&doc.body().unwrap(), ".sortable-item--preview").len(), 1, "a floating copy follows the pointer");
    pointer(&items[2], "pointerup", x, top + 2.0);
    until("the new order", || order(&root, "Content of Early") == ["Offer", "Welcome", "Tips"]).await;
    assert_eq!(live(&root), "Moved Offer from position 3 to 1 in Early");
    assert!(all(&doc.body().unwrap(), ".sortable-item--preview").is_empty());
    until("focus on the moved item", || active_label().as_deref() == Some("Offer")).await;

    // Escape during a drag cancels it.
    let items = all(&root, "ul[aria-label='Content of Early'] > li");
    let (x, y) = centre(&items[0]);
    let bottom = items[2].get_bounding_client_rect().bottom();
    pointer(&items[0], "pointerdown", x, y);
    pointer(&items[0], "pointermove", x, bottom - 2.0);
    until("the drop indicator", || all(&root, ".sortable-list__indicator").len() == 1).await;
    key(&doc.body().unwrap(), "Escape");
    until("the cancel", || live(&root).starts_with("Move cancelled. Offer stays at position 1")).await;
    pointer(&items[0], "pointerup", x, bottom - 2.0);
    sleep(50).await;
    assert_eq!(order(&root, "Content of Early"), ["Offer", "Welcome", "Tips"]);
    assert!(all(&root, ".sortable-list__indicator").is_empty());
}

#[wasm_bindgen_test]
async fn pointer_drag_moves_to_another_list() {
    let m = mount_board();
    let root: Element = m.root.clone().into();
    until("the lists", || order(&root, "Content of Early").len() == 3).await;
    let items = all(&root, "ul[aria-label='Content of Early'] > li");
    let survey = all(&root, "ul[aria-label='Content of Late'] > li").remove(0);
    let (x, y) = centre(&items[0]);
    let (sx, _) = centre(&survey);
    let below = survey.get_bounding_client_rect().bottom() - 2.0;
    pointer(&items[0], "pointerdown", x, y);
    pointer(&items[0], "pointermove", x + 20.0, y);
    pointer(&items[0], "pointermove", sx, below);
    until("the target in Late", || live(&root) == "Welcome: position 2 of 2 in Late").await;
    pointer(&items[0], "pointerup", sx, below);
    until("the move", || order(&root, "Content of Late") == ["Survey", "Welcome"]).await;
    assert_eq!(order(&root, "Content of Early"), ["Tips", "Offer"]);
}

#[wasm_bindgen_test]
async fn the_item_menu_moves_to_the_top_and_to_another_list() {
    let m = mount_board();
    let root: Element = m.root.clone().into();
    until("the lists", || order(&root, "Content of Early").len() == 3).await;
    let menu_button = |label: &str| -> HtmlElement {
        all(&root, "button[aria-haspopup=menu]")
            .into_iter()
            .find(|b| b.get_attribute("aria-label").as_deref() == Some(label))
            .unwrap()
            .unchecked_into()
    };
    let button = menu_button("Move Offer");
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    button.focus().unwrap();
    button.click();
    until("the menu", || all(&root, "[role=menu]").len() == 1).await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    let menu = all(&root, "[role=menu]").remove(0);
    assert_eq!(menu.get_attribute("aria-label").as_deref(), Some("Move Offer"));
    let names: Vec<String> = all(&menu, "[role=menuitem]").iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(names, ["Move to top", "Move up", "Move down", "Move to bottom", "Move to Late"]);
    let disabled: Vec<String> =
        all(&menu, "[role=menuitem][aria-disabled=true]").iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(disabled, ["Move down", "Move to bottom"], "Offer is at the bottom");
    // Arrow keys move through the enabled items; focus starts on the first.
    until("focus in the menu", || {
        web_sys::window().unwrap().document().unwrap().active_element().and_then(|e| e.text_content()).as_deref()
            == Some("Move to top")
    })
    .await;
    let doc = web_sys::window().unwrap().document().unwrap();
    key(&menu, "ArrowDown");
    assert_eq!(doc.active_element().and_then(|e| e.text_content()).as_deref(), Some("Move up"));
    key(&menu, "ArrowUp");
    key(&menu, "ArrowUp");
    assert_eq!(doc.active_element().and_then(|e| e.text_content()).as_deref(), Some("Move to Late"), "wraps");
    key(&menu, "Escape");
    until("the menu closed", || all(&root, "[role=menu]").is_empty()).await;
    assert_eq!(active_label().as_deref(), Some("Move Offer"));

    // Move to top.
    button.click();
    until("the menu", || all(&root, "[role=menu]").len() == 1).await;
    let top: HtmlElement = all(&root, "[role=menuitem]").remove(0).unchecked_into();
    top.click();
    until("the new order", || order(&root, "Content of Early") == ["Offer", "Welcome", "Tips"]).await;
    assert_eq!(live(&root), "Moved Offer from position 3 to 1 in Early");
    until("focus on the moved item's menu", || active_label().as_deref() == Some("Move Offer")).await;

    // Move to another list: to its bottom.
    menu_button("Move Tips").click();
    until("the menu", || all(&root, "[role=menu]").len() == 1).await;
    let to_late: HtmlElement = all(&root, "[role=menuitem]")
        .into_iter()
        .find(|e| e.text_content().as_deref() == Some("Move to Late"))
        .unwrap()
        .unchecked_into();
    to_late.click();
    until("the move", || order(&root, "Content of Late") == ["Survey", "Tips"]).await;
    until("focus on the moved item's menu", || active_label().as_deref() == Some("Move Tips")).await;
}

/// R-CO-7: a list of 200 items drags without re-rendering: during the
/// pointer moves nothing inside the list changes but the lifted item's
/// class (the drop indicator sits beside the list), and each move is cheap.
#[wasm_bindgen_test]
async fn two_hundred_items_drag_without_re_rendering_the_list() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MutationObserver, MutationObserverInit, MutationRecord};

    let m = mount_board();
    let names: Vec<String> = (1..=200).map(|i| format!("Item {i}")).collect();
    m.lists.update(|ls| {
        ls[0].2 = names.iter().map(|n| SortEntry { key: n.to_lowercase(), label: n.clone() }).collect();
    });
    let root: Element = m.root.clone().into();
    until("200 items", || order(&root, "Content of Early").len() == 200).await;
    let ul = all(&root, "ul").into_iter().find(|u| u.get_attribute("aria-label").as_deref() == Some("Content of Early")).unwrap();

    let seen: Rc<RefCell<Vec<MutationRecord>>> = Rc::default();
    let sink = seen.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
        sink.borrow_mut().extend(records.iter().map(|r| r.unchecked_into::<MutationRecord>()));
    });
    let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    options.set_attributes(true);
    options.set_character_data(true);
    observer.observe_with_options(&ul, &options).unwrap();

    let items = all(&ul, ":scope > li");
    let (x, y) = centre(&items[149]);
    let top = items[0].get_bounding_client_rect().top();
    let performance = web_sys::window().unwrap().performance().unwrap();
    pointer(&items[149], "pointerdown", x, y);
    let start = performance.now();
    let moves = 100;
    for i in 1..=moves {
        let to = y + (top + 2.0 - y) * f64::from(i) / f64::from(moves);
        pointer(&items[149], "pointermove", x, to);
    }
    let per_move = (performance.now() - start) / f64::from(moves);
    sleep(50).await;
    seen.borrow_mut().extend(observer.take_records().iter().map(|r| r.unchecked_into::<MutationRecord>()));
    let records = seen.borrow().clone();
    let structural = records.iter().filter(|r| r.type_() != "attributes").count();
    let other_attributes: Vec<String> = records
        .iter()
        .filter(|r| r.type_() == "attributes")
        .filter(|r| {
            let target = r.target().and_then(|t| t.dyn_into::<Element>().ok());
            !(r.attribute_name().as_deref() == Some("class") && target.is_some_and(|t| t.class_list().contains("sortable-item")))
        })
        .map(|r| format!("{:?}", r.attribute_name()))
        .collect();
    web_sys::console::log_1(&format!("200 items: {per_move:.2} ms per pointer move, {} mutation records", records.len()).into());
    assert_eq!(structural, 0, "no node of the list is added, removed or re-rendered while dragging");
    assert!(other_attributes.is_empty(), "only the lifted item's class changes: {other_attributes:?}");
    assert!(per_move < 25.0, "{per_move:.2} ms per pointer move");
    assert_eq!(all(&root, ".sortable-list__indicator").len(), 1);

    pointer(&items[149], "pointerup", x, top + 2.0);
    until("Item 150 on top", || order(&root, "Content of Early").first().map(String::as_str) == Some("Item 150")).await;
    observer.disconnect();
}

/// Near the bottom edge of a list that scrolls, a drag scrolls it.
#[wasm_bindgen_test]
async fn dragging_near_the_edge_scrolls_the_list() {
    let m = mount_board();
    m.lists.update(|ls| {
        ls[0].2 = (1..=60).map(|i| SortEntry { key: format!("i{i}"), label: format!("Item {i}") }).collect();
    });
    let root: Element = m.root.clone().into();
    until("60 items", || order(&root, "Content of Early").len() == 60).await;
    let scroller: HtmlElement = all(&root, ".sortable-list").remove(0).unchecked_into();
    scroller.style().set_property("max-height", "200px").unwrap();
    scroller.style().set_property("overflow-y", "auto").unwrap();
    let items = all(&root, "ul[aria-label='Content of Early'] > li");
    let (x, y) = centre(&items[0]);
    let r = scroller.get_bounding_client_rect();
    pointer(&items[0], "pointerdown", x, y);
    pointer(&items[0], "pointermove", x, y + 10.0);
    pointer(&items[0], "pointermove", x, r.bottom() - 5.0);
    until("the list to scroll", || scroller.scroll_top() > 40).await;
    // The target follows the content under the pointer as it scrolls.
    until("a target further down", || live(&root).starts_with("Item 1: position") && !live(&root).contains("position 2 of")).await;
    pointer(&items[0], "pointerup", x, r.bottom() - 5.0);
    until("moved down", || order(&root, "Content of Early")[0] != "Item 1").await;
}
