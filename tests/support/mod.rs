//! Helpers shared by the browser tests: mounting the app with a chosen
//! storage, waiting for the DOM, finding elements by role-ish selectors and
//! accessible names.
#![allow(dead_code)]

use std::rc::Rc;
use std::time::Duration;

use engagement_planner::state::session::{provide_storage_config, FirstRun, StorageConfig};
use engagement_planner::state::{provide_workspace, Workspace};
use engagement_planner::storage::{Backend, MemoryBackend};
use engagement_planner::App;
use engine::model::Plan;
use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::Owner;
use leptos::tachys::view::Mountable;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// The app mounted into its own element. Dropping it cleans up the app's
/// reactive owner (so its router stops listening to clicks on the window)
/// and removes the element.
pub struct Mounted<M: Mountable> {
    pub root: HtmlElement,
    pub owner: Owner,
    /// The app's workspace store.
    pub ws: Workspace,
    _handle: UnmountHandle<M>,
}

impl<M: Mountable> Drop for Mounted<M> {
    fn drop(&mut self) {
        self.owner.cleanup();
        self.root.remove();
    }
}

/// Storage in memory, an empty first run, no other tabs: the shell tests'
/// isolated app.
pub fn memory_config() -> StorageConfig {
    StorageConfig {
        backend: Rc::new(MemoryBackend::new()),
        first_run: FirstRun::Empty,
        channel: None,
        remember: false,
    }
}

/// A config over `backend`, opening `first` on a first run.
pub fn config(backend: Rc<dyn Backend>, first: Option<Plan>, channel: Option<&str>) -> StorageConfig {
    StorageConfig {
        backend,
        first_run: first.map_or(FirstRun::Empty, |p| FirstRun::Plan(Box::new(p))),
        channel: channel.map(str::to_owned),
        remember: false,
    }
}

/// Mounts the whole app at `path` (the router reads the address) with an
/// in-memory storage.
pub fn mount_app(path: &str) -> Mounted<impl Mountable> {
    mount_app_with(path, memory_config())
}

/// Mounts the whole app at `path` with `config`.
pub fn mount_app_with(path: &str, config: StorageConfig) -> Mounted<impl Mountable> {
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
    let document = window.document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    // `mount_to` makes its owner a child of this one, which we can clean up;
    // the app finds the store and the storage config provided here.
    let owner = Owner::new();
    let (ws, handle) = owner.with(|| {
        provide_storage_config(config);
        let ws = provide_workspace();
        (ws, mount_to(root.clone(), App))
    });
    Mounted { root, owner, ws, _handle: handle }
}

pub async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Polls `find` until it returns something (the reactive system updates
/// the DOM asynchronously), for at most five seconds.
pub async fn wait_for<T>(what: &str, mut find: impl FnMut() -> Option<T>) -> T {
    for _ in 0..500 {
        if let Some(found) = find() {
            return found;
        }
        sleep(Duration::from_millis(10)).await;
    }
    let window = web_sys::window().unwrap();
    let body = window.document().unwrap().body().unwrap().inner_html();
    panic!(
        "timed out waiting for {what} at {:?}; the page: {body}",
        window.location().pathname()
    );
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

/// The accessible name of an element, for the cases the app uses:
/// `aria-labelledby`, then `aria-label`, then its text.
pub fn accessible_name(el: &Element) -> String {
    if let Some(ids) = el.get_attribute("aria-labelledby") {
        let doc = el.owner_document().unwrap();
        return ids
            .split_whitespace()
            .filter_map(|id| doc.get_element_by_id(id)?.text_content())
            .collect::<Vec<_>>()
            .join(" ");
    }
    if let Some(label) = el.get_attribute("aria-label") {
        return label;
    }
    text(el)
}

/// An element's text, whitespace collapsed.
pub fn text(el: &Element) -> String {
    el.text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The single `<h1>` of the mounted app, once present.
pub async fn page_heading(root: &Element) -> String {
    wait_for("an h1", || {
        let h1s = all(root, "h1");
        (h1s.len() == 1).then(|| accessible_name(&h1s[0]))
    })
    .await
}

/// The button in `root` whose accessible name is `name`, once present.
pub async fn button(root: &Element, name: &str) -> HtmlElement {
    wait_for(&format!("the button {name:?}"), || {
        all(root, "button")
            .into_iter()
            .find(|b| accessible_name(b) == name)
            .map(|b| b.unchecked_into())
    })
    .await
}

/// The text of the save status, once it is `want`.
pub async fn save_status_is(root: &Element, want: &str) {
    wait_for(&format!("the save status {want:?}"), || {
        all(root, "[role=status][aria-label='Save status']")
            .first()
            .filter(|s| text(s) == want)
            .map(|_| ())
    })
    .await
}

/// The save status's text now.
pub fn save_status(root: &Element) -> String {
    all(root, "[role=status][aria-label='Save status']")
        .first()
        .map(text)
        .unwrap_or_default()
}

/// The names of the listed engagement programs.
pub fn program_names(root: &Element) -> Vec<String> {
    all(root, "ul[aria-label='Engagement programs'] > li .item-list__name")
        .iter()
        .map(text)
        .collect()
}

/// The text of the app's polite live region.
pub fn announced(root: &Element) -> String {
    all(root, "#announcer")
        .first()
        .map(|e| e.text_content().unwrap_or_default().trim_end_matches('\u{a0}').to_owned())
        .unwrap_or_default()
}
