//! The results database: IndexedDB `engagement-planner-results`, owned by
//! the simulation (the workspace database `engagement-planner` and its
//! schema belong to `storage/`; keeping results apart means neither schema
//! waits for the other, and clearing results never touches a workspace).
//!
//! | version | store | key | value |
//! |---|---|---|---|
//! | 1 | `results` | `"latest"` | the JSON of [`StoredResults`] |
//!
//! A result is small (per-cast tallies, per-day counts: tens of kilobytes
//! for a year of weekly casts), so it is kept as one JSON string.

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

use super::record::StoredResults;

pub const DB_NAME: &str = "engagement-planner-results";
pub const DB_VERSION: u32 = 1;
const STORE: &str = "results";
const LATEST: &str = "latest";

fn err(what: &str, e: JsValue) -> String {
    let detail = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| d.message())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    format!("{what}: {detail}")
}

/// Resolves when `request` succeeds, with its result.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let r = request.clone();
        let ok = Closure::once_into_js(move |_e: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = request.clone();
        let ko = Closure::once_into_js(move |_e: web_sys::Event| {
            let e = r.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(ko.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("IndexedDB is not available")?;
    let request: IdbOpenDbRequest =
        factory.open_with_u32(DB_NAME, DB_VERSION).map_err(|e| err("cannot open the results database", e))?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(req) = e.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok()) else { return };
        let Ok(db) = req.result().and_then(|d| d.dyn_into::<IdbDatabase>()) else { return };
        // Version 1: the one store. Later versions add their steps here.
        if !db.object_store_names().contains(STORE) {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = done(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    result
        .map_err(|e| err("cannot open the results database", e))?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| "the results database did not open".to_owned())
}

/// The kept results, if any (unreadable ones count as none).
pub async fn load() -> Result<Option<StoredResults>, String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readonly)
        .map_err(|e| err("cannot read results", e))?;
    let store = tx.object_store(STORE).map_err(|e| err("cannot read results", e))?;
    let request = store.get(&JsValue::from_str(LATEST)).map_err(|e| err("cannot read results", e))?;
    let value = done(&request).await.map_err(|e| err("cannot read results", e))?;
    db.close();
    Ok(value.as_string().and_then(|s| serde_json::from_str(&s).ok()))
}

/// Keeps `results` as the latest, replacing the previous ones.
pub async fn save(results: &StoredResults) -> Result<(), String> {
    let text = serde_json::to_string(results).map_err(|e| e.to_string())?;
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(|e| err("cannot save results", e))?;
    let store = tx.object_store(STORE).map_err(|e| err("cannot save results", e))?;
    let request = store
        .put_with_key(&JsValue::from_str(&text), &JsValue::from_str(LATEST))
        .map_err(|e| err("cannot save results", e))?;
    done(&request).await.map_err(|e| err("cannot save results", e))?;
    db.close();
    Ok(())
}

/// Forgets the kept results (tests).
pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(|e| err("cannot clear results", e))?;
    let store = tx.object_store(STORE).map_err(|e| err("cannot clear results", e))?;
    let request = store.delete(&JsValue::from_str(LATEST)).map_err(|e| err("cannot clear results", e))?;
    done(&request).await.map_err(|e| err("cannot clear results", e))?;
    db.close();
    Ok(())
}
