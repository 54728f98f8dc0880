//! Faults (issue 6): a database written by every IndexedDB schema version
//! opens with the app's storage (one fixture per version under
//! `tests/fixtures/idb/`); the browser's QuotaExceededError is a clear
//! message and Export still works; an unreadable last save gives back the
//! version before it, with a download of the unreadable one.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::Cell;
use std::rc::Rc;

use engagement_planner::storage::backend::LocalFuture;
use engagement_planner::storage::idb::{describe_error, IdbBackend, DB_VERSION};
use engagement_planner::storage::record::{self, StoredWorkspace, WorkspaceMeta};
use engagement_planner::storage::{Backend, Expect, MemoryBackend, Save, StorageError};
use engine::model::Plan;
use js_sys::{Array, Reflect, Uint8Array};
use leptos::prelude::WithUntracked;
use serde_json::Value;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One fixture per schema version, oldest first.
const FIXTURES: &[(u32, &str)] =
    &[(1, include_str!("fixtures/idb/v1.json")), (2, include_str!("fixtures/idb/v2.json"))];

fn fresh_db(test: &str) -> String {
    format!("ep-test-{test}-{}", (js_sys::Math::random() * 1e12) as u64)
}

async fn wait_request(req: &web_sys::IdbRequest) {
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(done).await.expect("the request succeeds");
}

/// Writes `fixture` into a new database `name` at the fixture's version,
/// as that version of the app would have left it.
async fn write_fixture(name: &str, fixture: &Value) {
    let version = fixture["version"].as_u64().unwrap() as u32;
    let stores = fixture["stores"].as_object().unwrap().clone();
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.open_with_u32(name, version).unwrap();
    let create = {
        let req = req.clone();
        let stores = stores.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let db: web_sys::IdbDatabase = req.result().unwrap().unchecked_into();
            for (store, spec) in &stores {
                let params = web_sys::IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str(spec["key_path"].as_str().unwrap()));
                db.create_object_store_with_optional_parameters(store, &params).unwrap();
            }
        })
    };
    req.set_onupgradeneeded(Some(create.as_ref().unchecked_ref()));
    wait_request(&req).await;
    let db: web_sys::IdbDatabase = req.result().unwrap().unchecked_into();
    let names: Array = stores.keys().map(|s| JsValue::from_str(s)).collect();
    let tx = db.transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite).unwrap();
    let binary = &fixture["binary_fields"];
    for (store, spec) in &stores {
        let os = tx.object_store(store).unwrap();
        for record in spec["records"].as_array().unwrap() {
            let value = js_sys::JSON::parse(&record.to_string()).unwrap();
            for field in binary[store.as_str()].as_array().into_iter().flatten() {
                let field = JsValue::from_str(field.as_str().unwrap());
                let arrays: Array = Array::from(&Reflect::get(&value, &field).unwrap())
                    .iter()
                    .map(|bytes| JsValue::from(Uint8Array::new(&bytes)))
                    .collect();
                Reflect::set(&value, &field, &arrays).unwrap();
            }
            wait_request(&os.put(&value).unwrap()).await;
        }
    }
    db.close();
}

#[wasm_bindgen_test]
fn there_is_a_fixture_for_every_schema_version() {
    let versions: Vec<u32> = FIXTURES.iter().map(|(v, _)| *v).collect();
    assert_eq!(versions, (1..=DB_VERSION).collect::<Vec<_>>(), "add tests/fixtures/idb/vN.json with each schema version");
    for (v, text) in FIXTURES {
        let fixture: Value = serde_json::from_str(text).unwrap();
        assert_eq!(fixture["version"], *v);
    }
}

#[wasm_bindgen_test]
async fn a_database_of_every_schema_version_opens_and_saves() {
    for (version, text) in FIXTURES {
        let fixture: Value = serde_json::from_str(text).unwrap();
        let name = fresh_db(&format!("v{version}"));
        write_fixture(&name, &fixture).await;

        // The app's storage opens it (upgrading it to DB_VERSION).
        let backend = IdbBackend::new(&name);
        let meta = &fixture["stores"]["workspaces"]["records"][0];
        let list = backend.list().await.unwrap();
        let want = WorkspaceMeta {
            id: meta["id"].as_str().unwrap().into(),
            name: meta["name"].as_str().unwrap().into(),
            updated_at: meta["updated_at"].as_i64().unwrap(),
            revision: meta["revision"].as_u64().unwrap(),
            base: meta["base"].as_str().map(str::to_owned),
        };
        assert_eq!(list, vec![want.clone()], "version {version}");
        let stored = backend.load(&want.id).await.unwrap().unwrap();
        let doc = &fixture["stores"]["documents"]["records"][0];
        assert_eq!(stored.previous_saved_at, doc["previous_saved_at"].as_i64(), "version {version}");
        let plan = record::join(&stored.document, &stored.audience).unwrap();
        assert_eq!(plan.workspace.name.as_deref(), Some("Fixture v1"));
        assert!(!plan.people.is_empty(), "the audience's binary columns read back");
        let before = record::join(stored.previous.as_deref().unwrap(), &stored.audience).unwrap();
        assert_eq!(before.workspace.name.as_deref(), Some("Fixture (before)"));

        // And saves on top of it, keeping what it found as the previous version.
        let mut next = plan.clone();
        next.workspace.name = Some("Saved after the upgrade".into());
        let meta = WorkspaceMeta { revision: want.revision + 1, updated_at: want.updated_at + 1, ..want.clone() };
        let save = Save { meta, document: record::document(&next), audience: None, expect: Expect::Revision(want.revision) };
        backend.save(save).await.unwrap();
        let stored = backend.load(&want.id).await.unwrap().unwrap();
        assert_eq!(record::join(&stored.document, &stored.audience).unwrap(), next);
        assert_eq!(record::join(stored.previous.as_deref().unwrap(), &stored.audience).unwrap(), plan);
        // The fixture's save time (none in records written before they were kept).
        assert_eq!(stored.previous_saved_at, doc["saved_at"].as_i64(), "version {version}");
        // From now on the save time is kept with the document.
        let meta = WorkspaceMeta { revision: want.revision + 2, updated_at: want.updated_at + 2, ..want.clone() };
        let save = Save { meta, document: record::document(&plan), audience: None, expect: Expect::Revision(want.revision + 1) };
        backend.save(save).await.unwrap();
        assert_eq!(backend.load(&want.id).await.unwrap().unwrap().previous_saved_at, Some(want.updated_at + 1));
        backend.close();
    }
}

/// Saves fail as IndexedDB fails when the site's storage is full.
struct QuotaFull(MemoryBackend);

fn quota_error() -> StorageError {
    let e = web_sys::DomException::new_with_message_and_name("The quota has been exceeded.", "QuotaExceededError").unwrap();
    describe_error("the save did not complete", &e.into())
}

impl Backend for QuotaFull {
    fn list(&self) -> LocalFuture<'_, Result<Vec<WorkspaceMeta>, StorageError>> {
        self.0.list()
    }
    fn load(&self, id: &str) -> LocalFuture<'_, Result<Option<StoredWorkspace>, StorageError>> {
        self.0.load(id)
    }
    fn save(&self, _save: Save) -> LocalFuture<'_, Result<(), StorageError>> {
        Box::pin(async { Err(quota_error()) })
    }
    fn delete(&self, id: &str) -> LocalFuture<'_, Result<(), StorageError>> {
        self.0.delete(id)
    }
}

#[wasm_bindgen_test]
async fn a_full_quota_says_so_and_export_still_works() {
    assert_eq!(quota_error(), StorageError::Failed("the browser's storage for this site is full (quota exceeded)".into()));
    let app = mount_app_with("/programs", config(Rc::new(QuotaFull(MemoryBackend::new())), Some(Plan::empty("Full disk")), None));
    save_status_is(&app.root, "Save failed: the browser's storage for this site is full (quota exceeded)").await;
    button(&app.root, "Create program").await.click();
    wait_for("the program", || (program_names(&app.root) == ["Program 1"]).then_some(())).await;
    save_status_is(&app.root, "Save failed: the browser's storage for this site is full (quota exceeded)").await;
    button(&app.root, "Export instead").await.click();
    wait_for("the export", || announced(&app.root).contains("Exported Full disk.plan.json").then_some(())).await;
    assert_eq!(app.ws.plan.with_untracked(|p| p.engagement_programs.len()), 1, "the edit is kept in memory");
}

/// Memory storage whose loads, while `corrupt` is set, return the last
/// save cut in half (as an interrupted write would leave it if writes were
/// not transactions).
struct Corrupting {
    inner: MemoryBackend,
    corrupt: Cell<bool>,
}

impl Backend for Corrupting {
    fn list(&self) -> LocalFuture<'_, Result<Vec<WorkspaceMeta>, StorageError>> {
        self.inner.list()
    }
    fn load(&self, id: &str) -> LocalFuture<'_, Result<Option<StoredWorkspace>, StorageError>> {
        let corrupt = self.corrupt.get();
        let load = self.inner.load(id);
        Box::pin(async move {
            let mut found = load.await?;
            if let (true, Some(w)) = (corrupt, found.as_mut()) {
                let half = w.document.len() / 2;
                w.document.truncate(half);
            }
            Ok(found)
        })
    }
    fn save(&self, save: Save) -> LocalFuture<'_, Result<(), StorageError>> {
        self.inner.save(save)
    }
    fn delete(&self, id: &str) -> LocalFuture<'_, Result<(), StorageError>> {
        self.inner.delete(id)
    }
}

#[wasm_bindgen_test]
async fn an_unreadable_last_save_is_replaced_by_the_one_before_and_said() {
    let backend = Rc::new(Corrupting { inner: MemoryBackend::new(), corrupt: Cell::new(false) });
    let good = Plan::empty("Good version");
    let meta = |revision: u64, name: &str| WorkspaceMeta { id: "w".into(), name: name.into(), updated_at: 1_800_000_000_000, revision, base: None };
    let save = |revision, plan: &Plan, expect| Save {
        meta: meta(revision, &record::display_name(plan)),
        document: record::document(plan),
        audience: Some(vec![]),
        expect,
    };
    backend.save(save(1, &good, Expect::Nothing)).await.unwrap();
    backend.save(save(2, &Plan::empty("Latest"), Expect::Revision(1))).await.unwrap();
    backend.corrupt.set(true);

    let app = mount_app_with("/settings", config(backend.clone(), None, None));
    let notice = wait_for("the recovery notice", || {
        all(&app.root, "[aria-label='Workspace notice'] .alert__message").first().map(text).filter(|t| !t.is_empty())
    })
    .await;
    assert!(notice.starts_with("Your latest changes to Latest could not be opened (the saved document is not JSON"), "{notice}");
    assert!(notice.contains("; the version saved at ") && notice.contains("2027, ") && notice.ends_with("was restored."), "{notice}");
    assert_eq!(app.ws.plan.with_untracked(|p| p.workspace.name.clone()).as_deref(), Some("Good version"));
    button(&app.root, "Download the unreadable version").await;
    // The restored version is stored as the current one.
    backend.corrupt.set(false);
    let mut stored_name = None;
    for _ in 0..100 {
        let stored = backend.load("w").await.unwrap().unwrap();
        stored_name = record::join(&stored.document, &stored.audience).ok().and_then(|p| p.workspace.name);
        if stored_name.as_deref() == Some("Good version") {
            break;
        }
        sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(stored_name.as_deref(), Some("Good version"));
    save_status_is(&app.root, "Saved").await;
    button(&app.root, "Dismiss").await.click();
    wait_for("the notice to go", || all(&app.root, "[aria-label='Workspace notice'] .alert").is_empty().then_some(())).await;
}
