//! Persistence in a real browser: IndexedDB round trips, the failed-write
//! path, two tabs over one store.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;

use engagement_planner::storage::idb::{IdbBackend, DB_VERSION};
use engagement_planner::storage::record::{self, WorkspaceMeta};
use engagement_planner::storage::{Backend, Expect, Faulty, MemoryBackend, Save, StorageError};
use engine::edit::Edit;
use engine::generate::sample_plan;
use engine::plan::save_plan;
use leptos::prelude::{GetUntracked, WithUntracked};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name of its own for each test.
fn fresh_db(test: &str) -> String {
    format!("ep-test-{test}-{}", (js_sys::Math::random() * 1e12) as u64)
}

#[wasm_bindgen_test]
async fn a_save_reads_back_equal_through_a_new_connection() {
    let name = fresh_db("roundtrip");
    let plan = sample_plan();
    let meta = WorkspaceMeta { id: "w1".into(), name: "Sample".into(), updated_at: 1, revision: 1, base: None };
    let writer = IdbBackend::new(&name);
    writer
        .save(Save {
            meta: meta.clone(),
            document: record::document(&plan),
            audience: Some(record::audience(&plan).unwrap()),
            expect: Expect::Nothing,
        })
        .await
        .unwrap();
    writer.close();

    let reader = IdbBackend::new(&name);
    assert_eq!(reader.list().await.unwrap(), vec![meta.clone()]);
    let stored = reader.load("w1").await.unwrap().unwrap();
    assert_eq!(stored.meta, meta);
    assert_eq!(stored.previous, None);
    // The people are stored as binary columns, not JSON.
    assert!(!stored.document.contains(plan.people[0].email.as_deref().unwrap_or("@@")));
    assert!(stored.audience.iter().any(|(n, _)| n == "ids"));
    assert_eq!(record::join(&stored.document, &stored.audience).unwrap(), plan);

    // A stale writer is refused and writes nothing; the previous document is kept.
    let mut changed = plan.clone();
    changed.workspace.name = Some("Changed".into());
    let next = WorkspaceMeta { revision: 2, ..meta.clone() };
    let save = |expect| Save { meta: next.clone(), document: record::document(&changed), audience: None, expect };
    assert_eq!(reader.save(save(Expect::Revision(7))).await, Err(StorageError::Conflict { stored: Some(1) }));
    assert_eq!(reader.load("w1").await.unwrap().unwrap().meta.revision, 1);
    reader.save(save(Expect::Revision(1))).await.unwrap();
    let stored = reader.load("w1").await.unwrap().unwrap();
    assert_eq!(stored.previous.as_deref(), Some(record::document(&plan).as_str()));
    assert_eq!(record::join(&stored.document, &stored.audience).unwrap(), changed, "the audience was kept");

    reader.delete("w1").await.unwrap();
    assert_eq!(reader.list().await.unwrap(), vec![]);
    reader.close();
}

#[wasm_bindgen_test]
async fn an_edit_survives_a_new_store_over_the_same_database() {
    let name = fresh_db("app");
    let plan = sample_plan();
    let first = plan.engagement_programs[0].name.clone().unwrap();
    {
        let app = mount_app_with("/programs", config(Rc::new(IdbBackend::new(&name)), Some(plan.clone()), None));
        wait_for("the sample's programs", || program_names(&app.root).contains(&first).then_some(())).await;
        save_status_is(&app.root, "Saved").await;
        app.ws.dispatch(Edit::SetWorkspaceName { name: Some("Kept across reloads".into()) }).unwrap();
        button(&app.root, "Create program").await.click();
        wait_for("the new program", || program_names(&app.root).iter().any(|n| n == "Program 1").then_some(())).await;
        save_status_is(&app.root, "Saved").await;
        let expected = app.ws.plan.with_untracked(save_plan);

        // A fresh app (a new store, a new connection) over the same database:
        // no first run (nothing passed), the saved workspace comes back.
        drop(app);
        let again = mount_app_with("/programs", config(Rc::new(IdbBackend::new(&name)), None, None));
        wait_for("the saved programs", || program_names(&again.root).iter().any(|n| n == "Program 1").then_some(())).await;
        save_status_is(&again.root, "Saved").await;
        assert_eq!(again.ws.plan.with_untracked(save_plan), expected);
        assert!(!again.ws.can_undo.get_untracked(), "a loaded workspace has no history");
        let select = all(&again.root, "#workspace-select option:checked");
        assert_eq!(text(&select[0]), "Kept across reloads");
    }
}

#[wasm_bindgen_test]
async fn a_failed_write_says_so_and_keeps_the_plan_in_memory() {
    let name = fresh_db("faulty");
    let faulty = Rc::new(Faulty::new(Rc::new(IdbBackend::new(&name))));
    let app = mount_app_with("/programs", config(faulty.clone(), None, None));
    save_status_is(&app.root, "Saved").await;

    faulty.fail_writes(Some("the browser's storage for this site is full (quota exceeded)"));
    button(&app.root, "Create program").await.click();
    save_status_is(&app.root, "Save failed: the browser's storage for this site is full (quota exceeded)").await;
    // The edit is still there, in memory, and can be exported.
    assert_eq!(program_names(&app.root), ["Program 1"]);
    assert_eq!(app.ws.plan.with_untracked(|p| p.engagement_programs.len()), 1);
    button(&app.root, "Export instead").await;
    // Nothing half-written: the stored workspace is still the empty one.
    let stored = IdbBackend::new(&name);
    let list = stored.list().await.unwrap();
    let kept = stored.load(&list[0].id).await.unwrap().unwrap();
    assert_eq!(record::join(&kept.document, &kept.audience).unwrap().engagement_programs.len(), 0);

    // Once storage works again, Retry saves.
    faulty.fail_writes(None);
    button(&app.root, "Retry").await.click();
    save_status_is(&app.root, "Saved").await;
    let kept = stored.load(&list[0].id).await.unwrap().unwrap();
    assert_eq!(record::join(&kept.document, &kept.audience).unwrap().engagement_programs.len(), 1);
    stored.close();
}

#[wasm_bindgen_test]
async fn a_database_from_a_newer_app_is_a_clear_error() {
    let name = fresh_db("newer");
    // Another (newer) app created the database at a higher version.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.open_with_u32(&name, DB_VERSION + 1).unwrap();
    let done = js_sys::Promise::new(&mut |resolve, _| req.set_onsuccess(Some(&resolve)));
    JsFuture::from(done).await.unwrap();
    let db: web_sys::IdbDatabase = req.result().unwrap().unchecked_into();
    db.close();

    let backend = IdbBackend::new(&name);
    let err = backend
        .save(Save {
            meta: WorkspaceMeta { id: "w".into(), name: "W".into(), updated_at: 0, revision: 1, base: None },
            document: "{}".into(),
            audience: None,
            expect: Expect::Nothing,
        })
        .await
        .unwrap_err();
    assert!(matches!(&err, StorageError::Failed(m) if m.contains("newer version")), "{err:?}");

    // The app keeps working in memory and says why it cannot save.
    let app = mount_app_with("/programs", config(Rc::new(IdbBackend::new(&name)), None, None));
    wait_for("the failure", || save_status(&app.root).starts_with("Save failed: ").then_some(())).await;
    button(&app.root, "Create program").await.click();
    wait_for("the program", || (program_names(&app.root) == ["Program 1"]).then_some(())).await;
    assert!(save_status(&app.root).contains("newer version"), "{}", save_status(&app.root));
}

#[wasm_bindgen_test]
async fn two_tabs_reload_or_ask_and_never_lose_an_update() {
    let channel = fresh_db("channel");
    let shared: Rc<MemoryBackend> = Rc::new(MemoryBackend::new());
    let a = mount_app_with("/programs", config(shared.clone(), None, Some(&channel)));
    save_status_is(&a.root, "Saved").await;
    let b = mount_app_with("/programs", config(shared.clone(), None, Some(&channel)));
    save_status_is(&b.root, "Saved").await;
    assert_eq!(a.ws.revision.get_untracked(), b.ws.revision.get_untracked(), "the same workspace");

    // A saves; B, with no unsaved edits, reloads it.
    a.ws.dispatch(Edit::CreateEngagementProgram { id: None, name: "From A".into(), stream_id: None }).unwrap();
    wait_for("B to reload", || (program_names(&b.root) == ["From A"]).then_some(())).await;
    save_status_is(&b.root, "Saved").await;

    // Both edit before either saves: the second save is refused, not lost.
    a.ws.dispatch(Edit::CreateEngagementProgram { id: None, name: "A again".into(), stream_id: None }).unwrap();
    b.ws.dispatch(Edit::CreateEngagementProgram { id: None, name: "From B".into(), stream_id: None }).unwrap();
    let conflicted = wait_for("one tab to see the conflict", || {
        [&a, &b].into_iter().position(|t| {
            all(&t.root, "[role=alert] .alert").iter().any(|x| text(x).contains("This workspace changed in another tab"))
        })
    })
    .await;
    let (loser, winner) = if conflicted == 0 { (&a, &b) } else { (&b, &a) };
    save_status_is(&loser.root, "Not saved: changed in another tab").await;
    save_status_is(&winner.root, "Saved").await;
    let theirs = winner.ws.plan.with_untracked(save_plan);
    let mine = loser.ws.plan.with_untracked(save_plan);
    assert_ne!(theirs, mine);

    // "Keep mine (overwrite)": the loser's version is stored and the winner,
    // with nothing unsaved, reloads it.
    button(&loser.root, "Keep mine (overwrite)").await.click();
    save_status_is(&loser.root, "Saved").await;
    wait_for("the other tab to take it", || (winner.ws.plan.with_untracked(save_plan) == mine).then_some(())).await;
    let stored = shared.list().await.unwrap();
    assert_eq!(stored.len(), 1);
    let kept = shared.load(&stored[0].id).await.unwrap().unwrap();
    assert_eq!(save_plan(&record::join(&kept.document, &kept.audience).unwrap()), mine);

    // And "Load theirs" takes the stored version.
    winner.ws.dispatch(Edit::CreateEngagementProgram { id: None, name: "W1".into(), stream_id: None }).unwrap();
    loser.ws.dispatch(Edit::CreateEngagementProgram { id: None, name: "L1".into(), stream_id: None }).unwrap();
    let conflicted = wait_for("a conflict again", || {
        [&a, &b].into_iter().position(|t| {
            all(&t.root, "[role=alert] .alert").iter().any(|x| text(x).contains("This workspace changed in another tab"))
        })
    })
    .await;
    let (loser, winner) = if conflicted == 0 { (&a, &b) } else { (&b, &a) };
    save_status_is(&winner.root, "Saved").await;
    button(&loser.root, "Load theirs").await.click();
    save_status_is(&loser.root, "Saved").await;
    assert_eq!(loser.ws.plan.with_untracked(save_plan), winner.ws.plan.with_untracked(save_plan));
}
