//! The IndexedDB backend, on `web-sys` alone.
//!
//! # Schema
//!
//! Database `engagement-planner` (the name is a parameter, so tests use
//! their own), version [`DB_VERSION`]:
//!
//! | store | key | value |
//! |---|---|---|
//! | `workspaces` | `id` | `{ id, name, updated_at, revision, base? }` ([`WorkspaceMeta`]; `base` since version 2) |
//! | `documents` | `id` | `{ id, json, previous, saved_at?, previous_saved_at? }`: the plan without people, and the one saved before it (with their save times, ms; absent in records written before they were recorded) |
//! | `audiences` | `id` | `{ id, names: [string], columns: [Uint8Array] }`: the people, columnar |
//!
//! # Upgrades
//!
//! [`upgrade`] runs every step from the stored version up to
//! [`DB_VERSION`], in order, inside the version-change transaction: to add
//! version 2, add a `2 => …` arm there and bump [`DB_VERSION`]. A tab that
//! holds an older version open closes it when another tab upgrades
//! (`onversionchange`), and an open blocked by a tab that does not is
//! reported as such.
//!
//! # Transactions
//!
//! A save is one `readwrite` transaction over the three stores: read the
//! stored metadata and document, check the expected revision (refuse with
//! [`StorageError::Conflict`], nothing written), put the document (the stored
//! one becomes `previous`), the audience (when given) and the metadata, then
//! wait for `complete`. The continuation after each request runs in a
//! microtask of its success event, so the transaction is still active.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode, IdbVersionChangeEvent,
};

use super::backend::{check_expect, sort_recent_first, Backend, LocalFuture, Save, StorageError};
use super::record::{Columns, StoredWorkspace, WorkspaceMeta};

/// The app's database.
pub const DB_NAME: &str = "engagement-planner";
/// The schema version this build creates and upgrades to.
///
/// - 1: the three stores.
/// - 2: workspace records may name their `base` (a what-if scenario's
///   original). The stores are unchanged and version-1 records read as
///   having no base; the bump is there so that a tab still running a
///   version-1 build is closed by `onversionchange` (and cannot reopen:
///   "from a newer version of the app") instead of saving records that
///   silently drop `base`.
pub const DB_VERSION: u32 = 2;

const WORKSPACES: &str = "workspaces";
const DOCUMENTS: &str = "documents";
const AUDIENCES: &str = "audiences";
const ALL_STORES: [&str; 3] = [WORKSPACES, DOCUMENTS, AUDIENCES];

/// Workspaces in an IndexedDB database, opened on first use.
pub struct IdbBackend {
    name: String,
    db: RefCell<Option<IdbDatabase>>,
}

impl IdbBackend {
    pub fn new(name: impl Into<String>) -> IdbBackend {
        IdbBackend { name: name.into(), db: RefCell::new(None) }
    }

    /// The open database (opening, and upgrading, it the first time).
    async fn db(&self) -> Result<IdbDatabase, StorageError> {
        if let Some(db) = self.db.borrow().clone() {
            return Ok(db);
        }
        let db = open(&self.name).await?;
        *self.db.borrow_mut() = Some(db.clone());
        Ok(db)
    }

    /// Closes the connection (the next operation opens it again).
    pub fn close(&self) {
        if let Some(db) = self.db.borrow_mut().take() {
            db.close();
        }
    }

    async fn transaction(&self, stores: &[&str], mode: IdbTransactionMode) -> Result<IdbTransaction, StorageError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let db = self.db().await?;
        match db.transaction_with_str_sequence_and_mode(&names, mode) {
            Ok(tx) => Ok(tx),
            Err(e) => {
                // A closed connection (e.g. after a version change): reopen once.
                self.close();
                let db = self.db().await?;
                db.transaction_with_str_sequence_and_mode(&names, mode)
                    .map_err(|_| failed("cannot start a transaction", &e))
            }
        }
    }
}

impl Backend for IdbBackend {
    fn list(&self) -> LocalFuture<'_, Result<Vec<WorkspaceMeta>, StorageError>> {
        Box::pin(async move {
            let tx = self.transaction(&[WORKSPACES], IdbTransactionMode::Readonly).await?;
            let store = tx.object_store(WORKSPACES).map_err(|e| failed("no workspaces store", &e))?;
            let all = request(store.get_all()).await?;
            let mut list: Vec<WorkspaceMeta> = Array::from(&all).iter().filter_map(|v| meta_from_js(&v)).collect();
            sort_recent_first(&mut list);
            Ok(list)
        })
    }

    fn load(&self, id: &str) -> LocalFuture<'_, Result<Option<StoredWorkspace>, StorageError>> {
        let id = id.to_owned();
        Box::pin(async move {
            let tx = self.transaction(&ALL_STORES, IdbTransactionMode::Readonly).await?;
            let key = JsValue::from_str(&id);
            let meta = request(tx.object_store(WORKSPACES).and_then(|s| s.get(&key))).await?;
            let Some(meta) = meta_from_js(&meta) else {
                return Ok(None);
            };
            let doc = request(tx.object_store(DOCUMENTS).and_then(|s| s.get(&key))).await?;
            let Some(document) = get_string(&doc, "json") else {
                return Err(StorageError::Failed(format!("the workspace {:?} has no document", meta.name)));
            };
            let previous = get_string(&doc, "previous");
            let previous_saved_at = get(&doc, "previous_saved_at").as_f64().map(|t| t as i64);
            let aud = request(tx.object_store(AUDIENCES).and_then(|s| s.get(&key))).await?;
            let audience = columns_from_js(&aud);
            Ok(Some(StoredWorkspace { meta, document, previous, previous_saved_at, audience }))
        })
    }

    fn save(&self, save: Save) -> LocalFuture<'_, Result<(), StorageError>> {
        Box::pin(async move {
            let tx = self.transaction(&ALL_STORES, IdbTransactionMode::Readwrite).await?;
            let done = completion(&tx);
            let result = async {
                let key = JsValue::from_str(&save.meta.id);
                let stores = |name| tx.object_store(name).map_err(|e| failed("no such store", &e));
                let (workspaces, documents, audiences) = (stores(WORKSPACES)?, stores(DOCUMENTS)?, stores(AUDIENCES)?);
                let stored = request(workspaces.get(&key)).await?;
                check_expect(save.expect, meta_from_js(&stored).map(|m| m.revision))?;
                let old = request(documents.get(&key)).await?;
                let previous = get_string(&old, "json");
                let previous_saved_at = get(&old, "saved_at");

                let doc = Object::new();
                set(&doc, "id", &key);
                set(&doc, "json", &JsValue::from_str(&save.document));
                set(&doc, "previous", &previous.map_or(JsValue::NULL, |p| JsValue::from_str(&p)));
                set(&doc, "saved_at", &JsValue::from_f64(save.meta.updated_at as f64));
                if previous_saved_at.as_f64().is_some() {
                    set(&doc, "previous_saved_at", &previous_saved_at);
                }
                documents.put(&doc).map_err(|e| failed("cannot write the document", &e))?;
                if let Some(columns) = &save.audience {
                    audiences
                        .put(&columns_to_js(&save.meta.id, columns))
                        .map_err(|e| failed("cannot write the audience", &e))?;
                }
                workspaces.put(&meta_to_js(&save.meta)).map_err(|e| failed("cannot write the metadata", &e))?;
                Ok(())
            }
            .await;
            if let Err(e) = result {
                let _ = tx.abort();
                let _ = done.await;
                return Err(e);
            }
            done.await
        })
    }

    fn delete(&self, id: &str) -> LocalFuture<'_, Result<(), StorageError>> {
        let id = id.to_owned();
        Box::pin(async move {
            let tx = self.transaction(&ALL_STORES, IdbTransactionMode::Readwrite).await?;
            let done = completion(&tx);
            let key = JsValue::from_str(&id);
            for name in ALL_STORES {
                if let Err(e) = tx.object_store(name).and_then(|s| s.delete(&key)) {
                    let _ = tx.abort();
                    let _ = done.await;
                    return Err(failed("cannot delete", &e));
                }
            }
            done.await
        })
    }
}

/// Opens (creating or upgrading) the database.
async fn open(name: &str) -> Result<IdbDatabase, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Failed("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|e| failed("IndexedDB is not available (private browsing?)", &e))?
        .ok_or_else(|| StorageError::Failed("IndexedDB is not available in this browser".into()))?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(name, DB_VERSION)
        .map_err(|e| failed("cannot open the database", &e))?;

    let upgrade_error: Rc<RefCell<Option<StorageError>>> = Rc::default();
    let on_upgrade = {
        let req = req.clone();
        let upgrade_error = upgrade_error.clone();
        Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |e: IdbVersionChangeEvent| {
            let db: IdbDatabase = match req.result() {
                Ok(db) => db.unchecked_into(),
                Err(e) => {
                    *upgrade_error.borrow_mut() = Some(failed("cannot upgrade the database", &e));
                    return;
                }
            };
            if let Err(err) = upgrade(&db, e.old_version() as u32) {
                *upgrade_error.borrow_mut() = Some(err);
                if let Some(tx) = req.transaction() {
                    let _ = tx.abort();
                }
            }
        })
    };
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let blocked = Rc::new(RefCell::new(false));
    let on_blocked = {
        let blocked = blocked.clone();
        Closure::<dyn FnMut()>::new(move || *blocked.borrow_mut() = true)
    };
    req.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));

    let result = request(Ok(req.clone().unchecked_into())).await;
    req.set_onupgradeneeded(None);
    req.set_onblocked(None);
    drop((on_upgrade, on_blocked));
    if let Some(e) = upgrade_error.borrow_mut().take() {
        return Err(e);
    }
    let db: IdbDatabase = match result {
        Ok(db) => db.unchecked_into(),
        Err(e) if *blocked.borrow() => {
            return Err(StorageError::Failed(format!(
                "the database is blocked by another tab with an older version of the app open: close it ({e})"
            )))
        }
        Err(e) => return Err(e),
    };
    // Let another tab upgrade: close this connection when it asks.
    let on_version_change = {
        let db = db.clone();
        Closure::<dyn FnMut()>::new(move || db.close())
    };
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget(); // lives as long as the connection
    Ok(db)
}

/// The schema migrations from `old` to [`DB_VERSION`] (see the module docs).
fn upgrade(db: &IdbDatabase, old: u32) -> Result<(), StorageError> {
    for version in old + 1..=DB_VERSION {
        match version {
            1 => {
                for name in ALL_STORES {
                    let params = IdbObjectStoreParameters::new();
                    params.set_key_path(&JsValue::from_str("id"));
                    db.create_object_store_with_optional_parameters(name, &params)
                        .map_err(|e| failed("cannot create the stores", &e))?;
                }
            }
            // Records gained an optional `base`: nothing to convert.
            2 => {}
            // 3 => { … the next schema change goes here … }
            v => return Err(StorageError::Failed(format!("no upgrade to database version {v}"))),
        }
    }
    Ok(())
}

/// A request's result once it succeeds (its error, as a [`StorageError`],
/// when it fails).
async fn request(req: Result<IdbRequest, JsValue>) -> Result<JsValue, StorageError> {
    let req = req.map_err(|e| failed("the request was refused", &e))?;
    let slots: Rc<RefCell<Option<(Closure<dyn FnMut()>, Closure<dyn FnMut()>)>>> = Rc::default();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r1 = req.clone();
        let ok = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call1(&JsValue::NULL, &r1.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r2 = req.clone();
        let err = Closure::<dyn FnMut()>::new(move || {
            let e = r2.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
        req.set_onerror(Some(err.as_ref().unchecked_ref()));
        *slots.borrow_mut() = Some((ok, err));
    });
    let result = JsFuture::from(promise).await;
    req.set_onsuccess(None);
    req.set_onerror(None);
    drop(slots);
    result.map_err(|e| failed("the request failed", &e))
}

/// Resolves when the transaction completes; fails with its error when it
/// aborts (a quota error shows up here).
fn completion(tx: &IdbTransaction) -> impl std::future::Future<Output = Result<(), StorageError>> {
    let slots: Rc<RefCell<Vec<Closure<dyn FnMut()>>>> = Rc::default();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t = tx.clone();
        let reject2 = reject.clone();
        let aborted = Closure::<dyn FnMut()>::new(move || {
            let e = t.error().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            let _ = reject2.call1(&JsValue::NULL, &e);
        });
        let t = tx.clone();
        let errored = Closure::<dyn FnMut()>::new(move || {
            let e = t.error().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        tx.set_oncomplete(Some(ok.as_ref().unchecked_ref()));
        tx.set_onabort(Some(aborted.as_ref().unchecked_ref()));
        tx.set_onerror(Some(errored.as_ref().unchecked_ref()));
        slots.borrow_mut().extend([ok, aborted, errored]);
    });
    let tx = tx.clone();
    async move {
        let result = JsFuture::from(promise).await;
        tx.set_oncomplete(None);
        tx.set_onabort(None);
        tx.set_onerror(None);
        drop(slots);
        result.map(|_| ()).map_err(|e| failed("the save did not complete", &e))
    }
}

/// What the app says about a browser error (`what` failed because of
/// `e`): the usual causes, such as a full quota, in words.
pub fn describe_error(what: &str, e: &JsValue) -> StorageError {
    failed(what, e)
}

/// A [`StorageError::Failed`] that says what the browser said, in words
/// for the usual causes.
fn failed(what: &str, e: &JsValue) -> StorageError {
    let Some(ex) = e.dyn_ref::<DomException>() else {
        return StorageError::Failed(match e.as_string() {
            Some(s) => format!("{what}: {s}"),
            None => what.to_owned(),
        });
    };
    let why = match ex.name().as_str() {
        "QuotaExceededError" => "the browser's storage for this site is full (quota exceeded)".to_owned(),
        "InvalidStateError" if what.contains("open") => {
            "the browser does not allow storage here (private browsing?)".to_owned()
        }
        "SecurityError" => "the browser does not allow storage for this site (private browsing or settings)".to_owned(),
        "VersionError" => "the saved data is from a newer version of the app: update this tab".to_owned(),
        "AbortError" => format!("{what}: the transaction was aborted"),
        name => format!("{what}: {name}: {}", ex.message()),
    };
    StorageError::Failed(why)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

fn meta_to_js(m: &WorkspaceMeta) -> Object {
    let o = Object::new();
    set(&o, "id", &JsValue::from_str(&m.id));
    set(&o, "name", &JsValue::from_str(&m.name));
    set(&o, "updated_at", &JsValue::from_f64(m.updated_at as f64));
    set(&o, "revision", &JsValue::from_f64(m.revision as f64));
    if let Some(base) = &m.base {
        set(&o, "base", &JsValue::from_str(base));
    }
    o
}

fn meta_from_js(v: &JsValue) -> Option<WorkspaceMeta> {
    Some(WorkspaceMeta {
        id: get_string(v, "id")?,
        name: get_string(v, "name").unwrap_or_default(),
        updated_at: get(v, "updated_at").as_f64().unwrap_or(0.0) as i64,
        revision: get(v, "revision").as_f64().unwrap_or(0.0) as u64,
        base: get_string(v, "base"),
    })
}

fn columns_to_js(id: &str, columns: &Columns) -> Object {
    let o = Object::new();
    set(&o, "id", &JsValue::from_str(id));
    let names: Array = columns.iter().map(|(n, _)| JsValue::from_str(n)).collect();
    let data: Array = columns.iter().map(|(_, b)| JsValue::from(Uint8Array::from(b.as_slice()))).collect();
    set(&o, "names", &names);
    set(&o, "columns", &data);
    o
}

fn columns_from_js(v: &JsValue) -> Columns {
    let names = get(v, "names");
    let data = get(v, "columns");
    if !Array::is_array(&names) || !Array::is_array(&data) {
        return vec![];
    }
    Array::from(&names)
        .iter()
        .zip(Array::from(&data).iter())
        .map(|(n, b)| (n.as_string().unwrap_or_default(), Uint8Array::new(&b).to_vec()))
        .collect()
}
