//! Helpers of the planner's browser tests: a workspace store over a small
//! plan, mounted with a live region, and DOM queries and synthetic input.
#![allow(dead_code)]

use engagement_planner::state::Workspace;
use engine::edit::{apply, Edit, EmailFields};
use engine::model::{AttrValue, Person, Plan};
use engine::time::Instant;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit};

/// A program "Nurture" (id `ep`) with streams Early stage (`early`:
/// Welcome, Tips, Offer, approved emails) and Late stage (`late`, empty),
/// and three people with a number `score` and a text `country`.
pub fn plan() -> Plan {
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
    for (id, score, country) in [("p1", 10.0, "FR"), ("p2", 70.0, "DE"), ("p3", 40.0, "FR")] {
        let mut p = Person::new(id);
        p.attributes.insert("score".into(), AttrValue::Num(score));
        p.attributes.insert("country".into(), AttrValue::Str(country.into()));
        plan.people.push(p);
    }
    plan
}

/// A mounted view over a workspace store; removes itself when dropped.
pub struct Mounted {
    pub root: Element,
    owner: Owner,
    pub ws: Workspace,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.owner.cleanup();
        self.root.remove();
    }
}

/// Mounts `view` under a router, with the store over `plan` provided and
/// its live region as `#live`.
pub fn mount<V: IntoView + 'static>(plan: Plan, view: impl Fn() -> V + Clone + Send + Sync + 'static) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let ws = owner.with(|| Workspace::new(plan));
    let handle = owner.with(|| {
        mount_to(root.clone(), move || {
            provide_context(ws);
            let view = view.clone();
            view! {
                <Router>
                    <div id="live" role="status">{move || ws.announce.get()}</div>
                    {view()}
                </Router>
            }
        })
    });
    std::mem::forget(handle);
    Mounted { root: root.into(), owner, ws }
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 10 s: a debug build on a busy machine is slow) until
/// `check` holds.
pub async fn until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if check() {
            return;
        }
        sleep(10).await;
    }
    let body = web_sys::window().unwrap().document().unwrap().body().unwrap().inner_html();
    panic!("timed out waiting for {what}; the page: {body}");
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

/// The element matching `selector` whose `aria-label` is `label`.
pub fn by_label(root: &Element, selector: &str, label: &str) -> HtmlElement {
    try_by_label(root, selector, label).unwrap_or_else(|| panic!("no {selector} labelled {label:?}"))
}

pub fn try_by_label(root: &Element, selector: &str, label: &str) -> Option<HtmlElement> {
    all(root, selector)
        .into_iter()
        .find(|e| e.get_attribute("aria-label").as_deref() == Some(label))
        .map(|e| e.unchecked_into())
}

/// The element matching `selector` whose text is `text` (trimmed).
pub fn by_text(root: &Element, selector: &str, text: &str) -> HtmlElement {
    all(root, selector)
        .into_iter()
        .find(|e| e.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no {selector} reading {text:?}"))
        .unchecked_into()
}

/// The input labelled `label` by a `<label for>`.
pub fn field(root: &Element, label: &str) -> HtmlInputElement {
    let l = by_text(root, "label", label);
    let id = l.get_attribute("for").unwrap_or_else(|| panic!("label {label:?} has no for"));
    root.owner_document().unwrap().get_element_by_id(&id).unwrap().unchecked_into()
}

/// Types `value` into an input or select: sets it and fires input and change.
pub fn set_value(el: &Element, value: &str) {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

/// The open dialog.
pub fn dialog(root: &Element) -> Element {
    all(root, "dialog[open]").into_iter().next().expect("an open dialog")
}

/// The labels of the grips of the list named `list`, in DOM order.
pub fn order(root: &Element, list: &str) -> Vec<String> {
    let ul = by_label(root, "ul", list);
    all(&ul, "li > .sortable-item__grip").iter().map(|b| b.get_attribute("aria-label").unwrap()).collect()
}

pub fn plan_order(ws: &Workspace, stream: usize) -> Vec<String> {
    ws.plan.with_untracked(|p| {
        p.engagement_programs[0].streams[stream].content.iter().map(|i| i.content.id().to_string()).collect()
    })
}

pub fn live(root: &Element) -> String {
    root.query_selector("#live").unwrap().unwrap().text_content().unwrap_or_default().trim_end_matches('\u{a0}').to_owned()
}

pub fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

pub fn pointer(target: &Element, kind: &str, x: f64, y: f64) {
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

pub fn active_label() -> Option<String> {
    web_sys::window().unwrap().document().unwrap().active_element()?.get_attribute("aria-label")
}

/// Today in UTC by the wall clock (the test plans are in UTC).
pub fn today() -> engine::time::Date {
    Instant((js_sys::Date::now() * 1000.0) as i64).date_in(chrono_tz::Tz::UTC)
}
