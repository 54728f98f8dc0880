//! The session: which saved workspace is open, autosave, the other tabs.
//!
//! ```text
//!  start ─► list ─► open the last one ─► ws.reset(plan, stored revision)
//!            └─ none: first run ─► the sample (or an empty plan) ─► saved as a new workspace
//!
//!  ws.revision moves ─► "Saving…" ─(debounce)─► Backend::save (one transaction,
//!                                               expects the revision this tab last saw)
//!        ├─ Ok        ─► "Saved", broadcast {workspace, revision}
//!        ├─ Conflict  ─► "changed in another tab": Load theirs / Keep mine (overwrite)
//!        └─ Failed    ─► "Save failed: …" + Export instead; the plan stays in memory
//!
//!  another tab's broadcast for this workspace:
//!        no unsaved edits ─► reload it;  unsaved edits ─► the same conflict choice
//! ```
//!
//! # Invariants
//!
//! - **No lost update.** A save names the revision it expects stored
//!   (`stored`: the one this tab last loaded or saved) and the backend
//!   refuses it, writing nothing, when another is there. Only "Keep mine
//!   (overwrite)" writes over a revision this tab has not seen, and only
//!   after the user chose so.
//! - **Nothing is silently lost.** A failed save keeps the plan in memory,
//!   says so, offers an export and retries on the next change; switching
//!   workspace first saves, and refuses to switch if that fails.
//! - **Unsaved** means `ws.revision != stored`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use engine::model::Plan;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{Workspace, DEFAULT_WORKSPACE_NAME};
use crate::storage::channel::{Channel, TabMessage, CHANNEL_NAME};
use crate::storage::record::{self, display_name, WorkspaceMeta};
use crate::storage::{prefs, Backend, Expect, IdbBackend, Save, StorageError};

/// How long autosave waits after the last change.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);

/// Where the sample is served (Trunk copies `public/`).
pub const SAMPLE_URL: &str = "/sample.plan.json";

/// What a first run (no saved workspace) opens.
#[derive(Clone)]
pub enum FirstRun {
    /// Fetch a plan file (the sample).
    Fetch(String),
    /// This plan.
    Plan(Box<Plan>),
    /// An empty workspace.
    Empty,
}

/// How the session stores things. The app uses [`StorageConfig::browser`];
/// tests provide their own with [`provide_storage_config`].
#[derive(Clone)]
pub struct StorageConfig {
    pub backend: Rc<dyn Backend>,
    pub first_run: FirstRun,
    /// The BroadcastChannel's name (`None`: no two-tab sync).
    pub channel: Option<String>,
    /// Whether to remember the last workspace in localStorage.
    pub remember: bool,
}

impl StorageConfig {
    /// IndexedDB, the sample on first run, the app's channel.
    pub fn browser() -> StorageConfig {
        StorageConfig {
            backend: Rc::new(IdbBackend::new(crate::storage::idb::DB_NAME)),
            first_run: FirstRun::Fetch(SAMPLE_URL.to_owned()),
            channel: Some(CHANNEL_NAME.to_owned()),
            remember: true,
        }
    }
}

#[derive(Clone, Copy)]
struct ConfigContext(StoredValue<StorageConfig, LocalStorage>);

/// Makes the app mounted below the caller use `config` instead of
/// [`StorageConfig::browser`].
pub fn provide_storage_config(config: StorageConfig) {
    provide_context(ConfigContext(StoredValue::new_local(config)));
}

/// The save status shown in the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Opening the saved workspace.
    Loading,
    Saved,
    /// Unsaved changes, saving soon or now.
    Saving,
    Failed(String),
    /// Another tab saved: waiting for the user's choice.
    Conflict,
}

impl SaveStatus {
    pub fn text(&self) -> String {
        match self {
            SaveStatus::Loading => "Loading…".to_owned(),
            SaveStatus::Saved => "Saved".to_owned(),
            SaveStatus::Saving => "Saving…".to_owned(),
            SaveStatus::Failed(reason) => format!("Save failed: {reason}"),
            SaveStatus::Conflict => "Not saved: changed in another tab".to_owned(),
        }
    }
}

/// The open workspace's last save could not be read and the version saved
/// before it was opened instead (see [`Session::recovered`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovered {
    /// The workspace's name.
    pub name: String,
    /// Why the last save could not be read.
    pub reason: String,
    /// When the restored version was saved (ms since the epoch), if known.
    pub saved_at: Option<i64>,
    /// The unreadable document, as stored, so the user can keep it.
    pub unreadable: String,
}

/// Another tab saved (or deleted) the open workspace while this one has
/// unsaved edits (or was saving).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The revision stored now; `None`: the workspace was deleted.
    pub stored: Option<u64>,
}

struct Inner {
    backend: Rc<dyn Backend>,
    first_run: FirstRun,
    remember: bool,
    tab: String,
    channel: Option<Channel>,
    timer: Option<TimeoutHandle>,
    saving: bool,
    /// A save was asked for while one was running.
    again: bool,
    /// The workspace generation whose audience is stored.
    audience_saved: Option<(String, u64)>,
}

/// The session (see the module docs), provided through context.
#[derive(Clone, Copy)]
pub struct Session {
    ws: Workspace,
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    pub status: RwSignal<SaveStatus>,
    /// The saved workspaces, most recent first.
    pub workspaces: RwSignal<Vec<WorkspaceMeta>>,
    /// The open workspace's storage id (`None` until one is open).
    pub current: RwSignal<Option<String>>,
    /// The revision stored for the open workspace (`None`: never saved).
    pub stored: RwSignal<Option<u64>>,
    /// The open workspace's base, when it is a what-if scenario (the id of
    /// the workspace it was duplicated from); kept in every save.
    pub base: RwSignal<Option<String>>,
    pub conflict: RwSignal<Option<Conflict>>,
    /// A message about loading (a recovered document, a sample that could
    /// not be fetched …), shown until dismissed.
    pub notice: RwSignal<Option<String>>,
    /// The last save of the open workspace could not be read and the one
    /// before it was restored: shown until dismissed.
    pub recovered: RwSignal<Option<Recovered>>,
    /// True once the first workspace is open.
    pub ready: RwSignal<bool>,
}

/// The session provided by the app shell.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Milliseconds since the epoch.
fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn new_id(prefix: &str) -> String {
    format!("{prefix}-{:x}-{:06x}", now_ms(), (js_sys::Math::random() * 16_777_216.0) as u32)
}

impl Session {
    /// Creates the session for `ws`, provides it, and starts loading.
    pub fn start(ws: Workspace) -> Session {
        let config = use_context::<ConfigContext>()
            .map(|c| c.0.get_value())
            .unwrap_or_else(StorageConfig::browser);
        let inner = Rc::new(RefCell::new(Inner {
            backend: config.backend,
            first_run: config.first_run,
            remember: config.remember,
            tab: new_id("tab"),
            channel: None,
            timer: None,
            saving: false,
            again: false,
            audience_saved: None,
        }));
        let session = Session {
            ws,
            inner: StoredValue::new_local(inner),
            status: RwSignal::new(SaveStatus::Loading),
            workspaces: RwSignal::new(vec![]),
            current: RwSignal::new(None),
            stored: RwSignal::new(None),
            base: RwSignal::new(None),
            conflict: RwSignal::new(None),
            notice: RwSignal::new(None),
            recovered: RwSignal::new(None),
            ready: RwSignal::new(false),
        };
        provide_context(session);

        if config.remember {
            prefs::apply_theme(prefs::load().theme);
        }
        if let Some(name) = config.channel {
            let channel = Channel::open(&name, move |m| session.receive(m));
            session.with_inner(|i| i.channel = channel);
        }

        // Autosave: every change of the revision schedules a save.
        Effect::new(move |_| {
            let revision = ws.revision.get();
            let stored = session.stored.get();
            if !session.ready.get_untracked() || session.current.get_untracked().is_none() {
                return;
            }
            if Some(revision) != stored && session.conflict.get_untracked().is_none() {
                if !matches!(session.status.get_untracked(), SaveStatus::Failed(_)) {
                    session.status.set(SaveStatus::Saving);
                }
                session.schedule(AUTOSAVE_DELAY);
            }
        });

        // Save at once when the page is hidden or left; warn before leaving
        // when changes could not be saved.
        let hide = window_event_listener_untyped("pagehide", move |_| session.save_soon_now());
        let visibility = window_event_listener_untyped("visibilitychange", move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                session.save_soon_now();
            }
        });
        let unload = window_event_listener_untyped("beforeunload", move |e| {
            let at_risk = session.is_unsaved()
                && matches!(session.status.get_untracked(), SaveStatus::Failed(_) | SaveStatus::Conflict);
            if at_risk {
                e.prevent_default();
                if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                    e.set_return_value("Your latest changes are not saved.");
                }
            }
        });
        on_cleanup(move || {
            hide.remove();
            visibility.remove();
            unload.remove();
            if let Some(inner) = session.inner.try_get_value() {
                let mut i = inner.borrow_mut();
                if let Some(t) = i.timer.take() {
                    t.clear();
                }
                i.channel = None;
            }
        });

        spawn_local(async move { session.load_first().await });
        session
    }

    fn with_inner<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let inner = self.inner.get_value();
        let mut i = inner.borrow_mut();
        f(&mut i)
    }

    /// Whether this session keeps preferences (the app's does; tests'
    /// usually do not).
    pub fn remembers(&self) -> bool {
        self.with_inner(|i| i.remember)
    }

    fn backend(&self) -> Rc<dyn Backend> {
        self.with_inner(|i| i.backend.clone())
    }

    /// True when the open workspace has changes not yet stored.
    pub fn is_unsaved(&self) -> bool {
        self.current.get_untracked().is_some() && Some(self.ws.revision.get_untracked()) != self.stored.get_untracked()
    }

    // ----- loading -----

    async fn load_first(self) {
        let backend = self.backend();
        let list = match backend.list().await {
            Ok(list) => list,
            Err(e) => {
                self.status.set(SaveStatus::Failed(e.to_string()));
                vec![]
            }
        };
        self.workspaces.set(list.clone());
        let remember = self.with_inner(|i| i.remember);
        let last = remember.then(|| prefs::load().last_workspace).flatten();
        let mut order: Vec<&WorkspaceMeta> = list.iter().collect();
        if let Some(pos) = last.and_then(|id| order.iter().position(|m| m.id == id)) {
            let m = order.remove(pos);
            order.insert(0, m);
        }
        for meta in order {
            if self.open(&meta.id).await.is_ok() {
                self.ready.set(true);
                return;
            }
        }
        if !list.is_empty() {
            // Nothing readable: say so (open() did) and start afresh beside it.
            self.notice.update(|n| {
                let why = n.take().unwrap_or_default();
                *n = Some(format!("No saved workspace could be opened; a new one was created. {why}"));
            });
        }
        let plan = self.first_plan().await;
        self.create(plan, None).await;
        self.ready.set(true);
    }

    /// The plan a first run opens.
    async fn first_plan(&self) -> Plan {
        let first = self.with_inner(|i| i.first_run.clone());
        match first {
            FirstRun::Plan(p) => *p,
            FirstRun::Empty => Plan::empty(DEFAULT_WORKSPACE_NAME),
            FirstRun::Fetch(url) => match fetch_plan(&url).await {
                Ok(p) => p,
                Err(why) => {
                    self.notice.set(Some(format!("The sample workspace could not be loaded ({why}); this one is empty.")));
                    Plan::empty(DEFAULT_WORKSPACE_NAME)
                }
            },
        }
    }

    /// Opens a stored workspace (falling back on its previous document if
    /// the last one cannot be read).
    async fn open(&self, id: &str) -> Result<(), String> {
        self.status.set(SaveStatus::Loading);
        let stored = match self.backend().load(id).await {
            Ok(Some(s)) => s,
            Ok(None) => {
                let e = "it is no longer stored".to_owned();
                self.status.set(SaveStatus::Failed(format!("cannot open the workspace: {e}")));
                return Err(e);
            }
            Err(e) => {
                self.status.set(SaveStatus::Failed(format!("cannot open the workspace: {e}")));
                return Err(e.to_string());
            }
        };
        let (plan, recovered) = match record::join(&stored.document, &stored.audience) {
            Ok(p) => (p, false),
            Err(e) => match stored.previous.as_deref().map(|prev| record::join(prev, &stored.audience)) {
                Some(Ok(p)) => {
                    self.recovered.set(Some(Recovered {
                        name: stored.meta.name.clone(),
                        reason: e.to_string(),
                        saved_at: stored.previous_saved_at,
                        unreadable: stored.document.clone(),
                    }));
                    (p, true)
                }
                _ => {
                    let why = format!("{} cannot be read: {e}", stored.meta.name);
                    self.notice.set(Some(why.clone()));
                    self.status.set(SaveStatus::Failed(why.clone()));
                    return Err(why);
                }
            },
        };
        let revision = stored.meta.revision;
        let generation_before = self.ws.generation();
        self.current.set(Some(stored.meta.id.clone()));
        self.stored.set(Some(revision));
        self.base.set(stored.meta.base.clone());
        self.conflict.set(None);
        self.ws.reset(plan, revision);
        let generation = self.ws.generation();
        debug_assert!(generation > generation_before);
        self.with_inner(|i| {
            i.audience_saved = Some((stored.meta.id.clone(), generation));
            if i.remember {
                prefs::update(|p| p.last_workspace = Some(stored.meta.id.clone()));
            }
        });
        self.status.set(SaveStatus::Saved);
        if recovered {
            // Store the recovered version as the current one.
            self.ws.revision.set(revision + 1);
        }
        Ok(())
    }

    /// Stores `plan` as a new workspace and opens it. If the write fails the
    /// plan is open anyway, unsaved, and the status says why.
    async fn create(&self, plan: Plan, base: Option<String>) {
        let id = new_id("ws");
        let audience = match record::audience(&plan) {
            Ok(a) => a,
            Err(e) => {
                self.status.set(SaveStatus::Failed(format!("cannot store the audience: {e}")));
                vec![]
            }
        };
        let meta = WorkspaceMeta {
            id: id.clone(),
            name: display_name(&plan),
            updated_at: now_ms(),
            revision: 1,
            base: base.clone(),
        };
        let save = Save { meta: meta.clone(), document: record::document(&plan), audience: Some(audience), expect: Expect::Nothing };
        let result = self.backend().save(save).await;
        self.current.set(Some(id.clone()));
        self.base.set(base);
        self.conflict.set(None);
        self.ws.reset(plan, 1);
        let generation = self.ws.generation();
        match result {
            Ok(()) => {
                self.stored.set(Some(1));
                self.with_inner(|i| {
                    i.audience_saved = Some((id.clone(), generation));
                    if i.remember {
                        prefs::update(|p| p.last_workspace = Some(id.clone()));
                    }
                });
                self.status.set(SaveStatus::Saved);
                self.broadcast_saved(&id, 1);
                self.refresh_list().await;
            }
            Err(e) => {
                self.stored.set(None);
                self.status.set(SaveStatus::Failed(e.to_string()));
            }
        }
    }

    async fn refresh_list(&self) {
        if let Ok(list) = self.backend().list().await {
            self.workspaces.set(list);
        }
    }

    // ----- saving -----

    fn schedule(&self, delay: Duration) {
        let session = *self;
        self.with_inner(|i| {
            if let Some(t) = i.timer.take() {
                t.clear();
            }
            i.timer = set_timeout_with_handle(move || session.save_now(false), delay).ok();
        });
    }

    /// Saves now if anything is unsaved (page hidden or left).
    fn save_soon_now(&self) {
        if self.is_unsaved() && self.conflict.get_untracked().is_none() {
            self.save_now(false);
        }
    }

    /// Starts a save of the open workspace. `force`: write over whatever is
    /// stored ("Keep mine"); otherwise expect the revision this tab saw.
    fn save_now(&self, force: bool) {
        let session = *self;
        let Some(id) = self.current.get_untracked() else { return };
        let busy = self.with_inner(|i| {
            if let Some(t) = i.timer.take() {
                t.clear();
            }
            if i.saving {
                i.again = true;
            }
            i.saving
        });
        if busy {
            return;
        }
        let revision = self.ws.revision.get_untracked();
        let stored = self.stored.get_untracked();
        if !force && Some(revision) == stored {
            self.status.set(SaveStatus::Saved);
            return;
        }
        let generation = self.ws.generation();
        let need_audience = force || self.with_inner(|i| i.audience_saved.as_ref() != Some(&(id.clone(), generation)));
        let base = self.base.get_untracked();
        let save = self.ws.plan.with_untracked(|plan| {
            let audience = if need_audience { Some(record::audience(plan)) } else { None };
            (
                WorkspaceMeta { id: id.clone(), name: display_name(plan), updated_at: now_ms(), revision, base },
                record::document(plan),
                audience,
            )
        });
        let (meta, document, audience) = save;
        let audience = match audience.transpose() {
            Ok(a) => a,
            Err(e) => {
                self.status.set(SaveStatus::Failed(format!("cannot store the audience: {e}")));
                return;
            }
        };
        let expect = match (force, stored) {
            (true, _) => Expect::Anything,
            (false, Some(r)) => Expect::Revision(r),
            (false, None) => Expect::Nothing,
        };
        let backend = self.backend();
        self.with_inner(|i| i.saving = true);
        self.status.set(SaveStatus::Saving);
        let meta_for_list = meta.clone();
        spawn_local(async move {
            let result = backend.save(Save { meta, document, audience, expect }).await;
            let Some(again) = session.inner.try_get_value().map(|inner| {
                let mut i = inner.borrow_mut();
                i.saving = false;
                std::mem::take(&mut i.again)
            }) else {
                return; // unmounted
            };
            // The workspace may have been switched meanwhile.
            if session.current.try_get_untracked().flatten().as_deref() != Some(id.as_str()) {
                return;
            }
            match result {
                Ok(()) => {
                    session.stored.set(Some(revision));
                    session.with_inner(|i| i.audience_saved = Some((id.clone(), generation)));
                    session.workspaces.update(|list| {
                        list.retain(|m| m.id != id);
                        list.insert(0, meta_for_list);
                    });
                    session.broadcast_saved(&id, revision);
                    if session.is_unsaved() {
                        session.status.set(SaveStatus::Saving);
                        session.schedule(if again { Duration::ZERO } else { AUTOSAVE_DELAY });
                    } else {
                        session.status.set(SaveStatus::Saved);
                    }
                }
                Err(StorageError::Conflict { stored }) => {
                    session.conflict.set(Some(Conflict { stored }));
                    session.status.set(SaveStatus::Conflict);
                }
                Err(StorageError::Failed(reason)) => {
                    session.status.set(SaveStatus::Failed(reason));
                }
            }
        });
    }

    /// Saves again now (the "Retry" of a failed save).
    pub fn retry(&self) {
        self.save_now(false);
    }

    /// Saves the open workspace and waits for the outcome.
    async fn flush(&self) -> Result<(), String> {
        if !self.is_unsaved() && !self.with_inner(|i| i.saving) {
            return Ok(());
        }
        self.save_now(false);
        // Wait for the save (and any follow-up) to finish.
        loop {
            sleep(Duration::from_millis(20)).await;
            let saving = self.with_inner(|i| i.saving || i.timer.is_some());
            if saving {
                continue;
            }
            return match self.status.get_untracked() {
                SaveStatus::Failed(why) => Err(why),
                SaveStatus::Conflict => Err("the workspace changed in another tab".to_owned()),
                _ if self.is_unsaved() => {
                    self.save_now(false);
                    continue;
                }
                _ => Ok(()),
            };
        }
    }

    fn broadcast_saved(&self, id: &str, revision: u64) {
        self.with_inner(|i| {
            if let Some(c) = &i.channel {
                c.post(&TabMessage::Saved { tab: i.tab.clone(), workspace: id.to_owned(), revision });
            }
        });
    }

    fn broadcast_deleted(&self, id: &str) {
        self.with_inner(|i| {
            if let Some(c) = &i.channel {
                c.post(&TabMessage::Deleted { tab: i.tab.clone(), workspace: id.to_owned() });
            }
        });
    }

    // ----- other tabs -----

    fn receive(&self, message: TabMessage) {
        let session = *self;
        if self.with_inner(|i| i.tab == message.tab()) {
            return;
        }
        spawn_local(async move { session.refresh_list().await });
        let current = self.current.get_untracked();
        match message {
            TabMessage::Saved { workspace, revision, .. } if current.as_deref() == Some(workspace.as_str()) => {
                if self.stored.get_untracked() == Some(revision) {
                    return;
                }
                let saving = self.with_inner(|i| i.saving);
                if !self.is_unsaved() && !saving {
                    spawn_local(async move {
                        if session.open(&workspace).await.is_ok() {
                            session.ws.say("This workspace was updated from another tab".to_owned());
                        }
                    });
                } else {
                    self.conflict.set(Some(Conflict { stored: Some(revision) }));
                    self.status.set(SaveStatus::Conflict);
                }
            }
            TabMessage::Deleted { workspace, .. } if current.as_deref() == Some(workspace.as_str()) => {
                self.conflict.set(Some(Conflict { stored: None }));
                self.status.set(SaveStatus::Conflict);
            }
            _ => {}
        }
    }

    /// "Load theirs": open the stored version, dropping this tab's unsaved
    /// edits; for a deleted workspace, open another one.
    pub fn load_theirs(&self) {
        let session = *self;
        let Some(id) = self.current.get_untracked() else { return };
        let deleted = matches!(self.conflict.get_untracked(), Some(Conflict { stored: None }));
        spawn_local(async move {
            if deleted {
                session.conflict.set(None);
                session.open_other_than(&id).await;
            } else if session.open(&id).await.is_ok() {
                session.ws.say("Loaded the version saved in another tab".to_owned());
            }
        });
    }

    /// "Keep mine (overwrite)": store this tab's version over the other.
    pub fn keep_mine(&self) {
        let stored = self.conflict.get_untracked().and_then(|c| c.stored).unwrap_or(0);
        let next = self.ws.revision.get_untracked().max(stored) + 1;
        self.conflict.set(None);
        self.ws.revision.set(next);
        self.save_now(true);
    }

    // ----- workspace actions -----

    /// Opens another workspace, saving this one first (and staying here if
    /// that fails).
    pub fn switch_to(&self, id: String) {
        let session = *self;
        if self.current.get_untracked().as_deref() == Some(id.as_str()) {
            return;
        }
        spawn_local(async move {
            if let Err(why) = session.flush().await {
                session.ws.error.set(Some(format!("Cannot switch workspace: this one is not saved ({why})")));
                return;
            }
            if session.open(&id).await.is_ok() {
                let name = session.ws.plan.with_untracked(display_name);
                session.ws.say(format!("Opened workspace {name}"));
            }
        });
    }

    /// Saves `plan` as a new workspace and opens it (after saving this one).
    pub fn open_as_new(&self, plan: Plan) {
        self.open_new(plan, None, "Opened new workspace");
    }

    fn open_new(&self, plan: Plan, base: Option<String>, said: &'static str) {
        let session = *self;
        spawn_local(async move {
            if let Err(why) = session.flush().await {
                session.ws.error.set(Some(format!("Cannot open a new workspace: this one is not saved ({why})")));
                return;
            }
            let name = display_name(&plan);
            session.create(plan, base).await;
            session.ws.say(format!("{said} {name}"));
        });
    }

    /// A what-if scenario of the open workspace: a copy named `name` (or
    /// "<name> scenario") that remembers this workspace as its base, opened.
    pub fn duplicate_as_scenario(&self, name: String) {
        let mut plan = self.ws.plan.get_untracked();
        let name = name.trim();
        let name = if name.is_empty() { format!("{} scenario", display_name(&plan)) } else { name.to_owned() };
        plan.workspace.name = Some(name);
        let base = self.current.get_untracked();
        self.open_new(plan, base, "Opened scenario");
    }

    /// The plan of a stored workspace; the open one as it is now (unsaved
    /// edits included).
    pub async fn load_plan(&self, id: &str) -> Result<Plan, String> {
        if self.current.get_untracked().as_deref() == Some(id) {
            return Ok(self.ws.plan.get_untracked());
        }
        match self.backend().load(id).await {
            Ok(Some(stored)) => record::join(&stored.document, &stored.audience)
                .map_err(|e| format!("{} cannot be read: {e}", stored.meta.name)),
            Ok(None) => Err("that workspace is no longer stored".to_owned()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// A new empty workspace named `name`.
    pub fn new_empty(&self, name: String) {
        let name = if name.trim().is_empty() { DEFAULT_WORKSPACE_NAME.to_owned() } else { name.trim().to_owned() };
        self.open_as_new(Plan::empty(&name));
    }

    /// A copy of the open workspace ("<name> copy"), opened.
    pub fn duplicate(&self) {
        let mut plan = self.ws.plan.get_untracked();
        plan.workspace.name = Some(format!("{} copy", display_name(&plan)));
        self.open_as_new(plan);
    }

    /// Replaces the open workspace's plan with the sample (undo history is
    /// cleared; the change is saved).
    pub fn reset_to_sample(&self) {
        let session = *self;
        spawn_local(async move {
            let first = session.with_inner(|i| i.first_run.clone());
            let plan = match first {
                FirstRun::Plan(p) => Ok(*p),
                FirstRun::Fetch(url) => fetch_plan(&url).await,
                FirstRun::Empty => fetch_plan(SAMPLE_URL).await,
            };
            match plan {
                Ok(plan) => {
                    session.ws.replace(plan);
                    session.ws.say("Reset the workspace to the sample".to_owned());
                }
                Err(why) => session.ws.error.set(Some(format!("Cannot load the sample: {why}"))),
            }
        });
    }

    /// Deletes a stored workspace; deleting the open one opens another (or
    /// a new empty one).
    pub fn delete(&self, id: String) {
        let session = *self;
        spawn_local(async move {
            let name = session
                .workspaces
                .with_untracked(|l| l.iter().find(|m| m.id == id).map(|m| m.name.clone()))
                .unwrap_or_else(|| "the workspace".to_owned());
            if let Err(e) = session.backend().delete(&id).await {
                session.ws.error.set(Some(format!("Cannot delete {name}: {e}")));
                return;
            }
            session.broadcast_deleted(&id);
            session.workspaces.update(|l| l.retain(|m| m.id != id));
            if session.current.get_untracked().as_deref() == Some(id.as_str()) {
                session.stored.set(None);
                session.current.set(None);
                session.open_other_than(&id).await;
            }
            session.ws.say(format!("Deleted workspace {name}"));
        });
    }

    async fn open_other_than(&self, id: &str) {
        self.refresh_list().await;
        let others: Vec<String> =
            self.workspaces.with_untracked(|l| l.iter().filter(|m| m.id != id).map(|m| m.id.clone()).collect());
        for other in others {
            if self.open(&other).await.is_ok() {
                return;
            }
        }
        self.create(Plan::empty(DEFAULT_WORKSPACE_NAME), None).await;
    }
}

async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Fetches and loads a plan file.
pub async fn fetch_plan(url: &str) -> Result<Plan, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("cannot fetch {url}"))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "cannot read the response")?)
        .await
        .map_err(|_| "cannot read the response")?
        .as_string()
        .unwrap_or_default();
    engine::plan::load_plan(&text).map_err(|e| format!("{url} is not a valid plan: {}", e.iter().next().map(ToString::to_string).unwrap_or_default()))
}
