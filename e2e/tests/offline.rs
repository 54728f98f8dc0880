//! Offline and hardening, on the release build (issue 6):
//!
//! - after the first visit the service worker controls the page; with the
//!   server stopped a reload still opens the app, an edit persists across
//!   another reload and the simulation runs (its worker from the cache);
//! - a new build is offered ("A new version … is ready", *Reload*) and
//!   replaces the old cache;
//! - an unreadable last save (an interrupted write, simulated by
//!   truncating the stored document) gives back the version saved before
//!   it, and the unreadable one can be downloaded;
//! - a page load and the main pages issue no request outside the page's
//!   origin, and the Content-Security-Policy of the built index.html is
//!   present and never violated;
//! - the build `make serve` serves has no autoreload script.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use engagement_e2e::{
    browser_log, by_role, ensure, expect_page_heading, workspace_root, Browser, Error, Result, StaticServer, Within,
    TIMEOUT,
};
use engagement_e2e::{dist};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

/// A private copy of the build (a test that changes it leaves `dist/` alone).
fn copy_of_dist(tag: &str) -> Result<PathBuf> {
    let to = std::env::temp_dir().join(format!("engagement-e2e-dist-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(&dist(), &to)?;
    Ok(to)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn sample_name() -> String {
    let text = std::fs::read_to_string(workspace_root().join("public/sample.plan.json")).unwrap();
    engine::plan::load_plan(&text).unwrap().workspace.name.unwrap()
}

/// Runs `script` (its `return` value, a promise awaited) in the page.
async fn js(c: &Client, script: &str) -> Result<Value> {
    Ok(c.execute(script, vec![]).await?)
}

/// Waits up to `secs` for `script` to return `true`.
async fn wait_js(c: &Client, what: &str, secs: u64, script: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if js(c, script).await.ok() == Some(Value::Bool(true)) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("timed out after {secs} s waiting for {what}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the service worker controls the page (it has precached the
/// build: a worker activates only after its install did).
async fn controlled(c: &Client) -> Result<()> {
    wait_js(c, "the service worker to control the page", 30, "return !!navigator.serviceWorker.controller").await
}

async fn save_status(c: &Client) -> Result<String> {
    let status = by_role(c, Within::Page, "status", "Save status").await?;
    Ok(status.text().await.unwrap_or_default().trim().to_owned())
}

async fn saved(c: &Client) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let text = save_status(c).await?;
        if text == "Saved" {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the save status is {text:?}, expected Saved")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The text of the live region labelled `label` (empty while it is: an
/// empty region is not in the accessibility tree).
async fn region_text(c: &Client, label: &str) -> Result<String> {
    let el = c.find(Locator::Css(&format!("[role=status][aria-label={label:?}]"))).await?;
    Ok(el.text().await?.trim().to_owned())
}

/// Waits (up to `secs`) for the status region named `label` to say `want`,
/// found by role and name as a screen reader would.
async fn status_says(c: &Client, label: &str, want: &str, secs: u64) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Ok(region) = by_role(c, Within::Page, "status", label).await {
            let text = region.text().await?;
            if text.contains(want) {
                return Ok(text);
            }
        }
        if Instant::now() > deadline {
            let text = region_text(c, label).await.unwrap_or_default();
            return Err(Error(format!("the {label} region says {text:?}, expected {want:?}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn value(el: &Element) -> Result<String> {
    Ok(el.prop("value").await?.unwrap_or_default())
}

/// The workspace name on the Settings page, once it is `want`.
async fn settings_name_is(c: &Client, want: &str) -> Result<()> {
    by_role(c, Within::Page, "link", "Settings").await?.click().await?;
    expect_page_heading(c, "Settings").await?;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let name = by_role(c, Within::Page, "textbox", "Workspace name").await?;
        let got = value(&name).await?;
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the workspace name is {got:?}, expected {want:?}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Renames the workspace in Settings and waits for the save.
async fn rename(c: &Client, to: &str) -> Result<()> {
    by_role(c, Within::Page, "link", "Settings").await?.click().await?;
    expect_page_heading(c, "Settings").await?;
    let name = by_role(c, Within::Page, "textbox", "Workspace name").await?;
    name.clear().await?;
    name.send_keys(&format!("{to}\u{E004}")).await?;
    by_role(c, Within::Page, "button", &format!("Undo Renamed the workspace to {to}")).await?;
    saved(c).await
}

async fn run_status(c: &Client) -> Result<String> {
    Ok(c.find(Locator::Css(".run-panel__status")).await?.text().await?)
}

/// Runs the simulation from its page and waits for the results.
async fn simulate(c: &Client) -> Result<()> {
    by_role(c, Within::Page, "link", "Simulation").await?.click().await?;
    expect_page_heading(c, "Simulation").await?;
    by_role(c, Within::Page, "button", "Run simulation").await?.click().await?;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let status = run_status(c).await.unwrap_or_default();
        if status == "Results are current" {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the simulation did not finish: {status:?}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_first_visit_the_app_works_with_the_server_stopped() -> Result<()> {
    let browser = Browser::start().await?;
    let server = StaticServer::start(dist())?;
    let home = server.url("/programs");
    let server = std::cell::RefCell::new(Some(server));
    let server = &server;
    let home = &home;
    let result = browser
        .run("offline-server-stopped", |c| async move {
            c.goto(home).await?;
            expect_page_heading(c, "Programs").await?;
            saved(c).await?;
            controlled(c).await?;

            // The server goes away: nothing answers on its port any more.
            drop(server.borrow_mut().take());
            ensure(std::net::TcpStream::connect(home.trim_start_matches("http://").split('/').next().unwrap()).is_err(), || {
                "the server still answers".into()
            })?;

            c.refresh().await?;
            expect_page_heading(c, "Programs").await?;
            saved(c).await?;

            // An edit is stored and survives another reload.
            rename(c, "Offline demo").await?;
            c.refresh().await?;
            settings_name_is(c, "Offline demo").await?;
            saved(c).await?;

            // The simulation runs: its worker and wasm come from the cache.
            simulate(c).await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_build_is_offered_and_replaces_the_old_cache() -> Result<()> {
    let copy = copy_of_dist("update")?;
    let browser = Browser::start().await?;
    let server = StaticServer::start(&copy)?;
    let (server, copy) = (&server, &copy);
    let result = browser
        .run("offline-new-build", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            saved(c).await?;
            controlled(c).await?;
            let first = js(c, "return caches.keys()").await?;
            ensure(first.as_array().map(Vec::len) == Some(1), || format!("caches after the first visit: {first}"))?;
            ensure(region_text(c, "App update").await?.is_empty(), || "no update is offered before there is one".into())?;

            // "Deploy" a new build: its service worker has another version.
            let sw_path = copy.join("sw.js");
            let sw = std::fs::read_to_string(&sw_path)?;
            let old = sw
                .lines()
                .find_map(|l| l.strip_prefix("const VERSION = \"").and_then(|v| v.strip_suffix("\";")))
                .ok_or_else(|| Error("sw.js names no VERSION".into()))?
                .to_owned();
            let new = format!("{old}-next");
            std::fs::write(&sw_path, sw.replace(&format!("\"{old}\""), &format!("\"{new}\"")))?;
            js(c, "return navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)").await?;

            status_says(c, "App update", "A new version of Engagement Planner is ready.", 30).await?;
            by_role(c, Within::Page, "button", "Reload").await?.click().await?;

            // The page reloads under the new worker, whose cache alone is left.
            let want = format!("engagement-planner-{new}");
            wait_js(
                c,
                "the new build's cache alone",
                30,
                &format!("return caches.keys().then(k => k.length === 1 && k[0] === {want:?})"),
            )
            .await?;
            expect_page_heading(c, "Programs").await?;
            ensure(region_text(c, "App update").await?.is_empty(), || "after the reload no update is offered".into())?;
            Ok(())
        })
        .await;
    browser.close().await?;
    let _ = std::fs::remove_dir_all(copy);
    result
}

/// Truncates the stored document of the (only) workspace in the page's
/// IndexedDB, as a write cut off halfway would leave it if writes were not
/// transactions; returns what it stored.
const CORRUPT_LAST_SAVE: &str = r#"
return new Promise((resolve, reject) => {
  const open = indexedDB.open("engagement-planner");
  open.onerror = () => reject(String(open.error));
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction(["documents"], "readwrite");
    const docs = tx.objectStore("documents");
    const all = docs.getAll();
    let broken = null;
    all.onsuccess = () => {
      if (all.result.length !== 1) { reject("expected one stored document, found " + all.result.length); return; }
      const rec = all.result[0];
      if (!rec.previous) { reject("the document has no previous version"); return; }
      broken = rec.json.slice(0, Math.floor(rec.json.length / 2));
      rec.json = broken;
      docs.put(rec);
    };
    tx.oncomplete = () => { db.close(); resolve(broken); };
    tx.onerror = () => reject(String(tx.error));
  };
});
"#;

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_last_save_gives_back_the_version_before_it() -> Result<()> {
    let browser = Browser::start().await?;
    let server = StaticServer::start(dist())?;
    let sample = sample_name();
    let (server, sample, b) = (&server, &sample, &browser);
    let result = browser
        .run("offline-recovery", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            saved(c).await?;
            // A second save: the sample becomes the previous version.
            rename(c, "Broken later").await?;

            let broken = js(c, CORRUPT_LAST_SAVE).await?;
            let broken = broken.as_str().ok_or_else(|| Error(format!("corrupting gave {broken}")))?.to_owned();
            c.refresh().await?;

            let text = status_says(c, "Workspace notice", "could not be opened", 10).await?;
            ensure(
                text.contains("Your latest changes to Broken later could not be opened")
                    && text.contains("the saved document is not JSON")
                    && text.contains("the version saved at ")
                    && text.contains("was restored"),
                || format!("the notice says {text:?}"),
            )?;
            // The restored version is open, and stored again as the current one.
            saved(c).await?;
            settings_name_is(c, sample).await?;

            // The unreadable save can be kept.
            by_role(c, Within::Page, "button", "Download the unreadable version").await?.click().await?;
            let got = b.downloaded("Broken later.unreadable.plan.json").await?;
            ensure(got == broken, || format!("the download holds {} bytes, the broken save {}", got.len(), broken.len()))?;
            by_role(c, Within::Page, "button", "Dismiss").await?.click().await?;

            // Reloaded again: the restored version opens without a notice.
            c.refresh().await?;
            settings_name_is(c, sample).await?;
            ensure(region_text(c, "Workspace notice").await?.is_empty(), || "no notice after the recovery was saved".into())?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

/// Every request the page made (navigation and resources), as URLs.
const REQUESTS: &str = r#"
return performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).map(e => e.name);
"#;

/// Starts collecting CSP violations into `window.__violations`.
const WATCH_CSP: &str = r#"
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
return true;
"#;

/// Checks that every request of the page so far went to `origin`;
/// returns how many there were.
async fn same_origin_only(c: &Client, origin: &str) -> Result<usize> {
    let requests = js(c, REQUESTS).await?;
    let requests: Vec<String> =
        requests.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    let outside: Vec<&String> = requests.iter().filter(|u| !u.starts_with(&format!("{origin}/"))).collect();
    ensure(outside.is_empty(), || format!("requests outside {origin}: {outside:?}"))?;
    Ok(requests.len())
}

async fn violations(c: &Client) -> Result<Vec<String>> {
    let v = js(c, "return window.__violations").await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect()).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn no_request_leaves_the_origin_and_the_csp_is_never_violated() -> Result<()> {
    let browser = Browser::start().await?;
    let server = StaticServer::start(dist())?;
    let server = &server;
    let result = browser
        .run("offline-origin-csp", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            saved(c).await?;
            let csp = js(c, r#"return document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null"#).await?;
            let csp = csp.as_str().unwrap_or_default().to_owned();
            ensure(
                csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
                    && !csp.contains("unsafe-inline")
                    && csp.contains("object-src 'none'"),
                || format!("the page's CSP is {csp:?}"),
            )?;
            js(c, WATCH_CSP).await?;

            // The main pages, a menu (positioned through the CSSOM), the
            // program editor's board and a simulation with its charts.
            for page in ["Library", "Calendar", "Audience", "Settings", "Programs"] {
                by_role(c, Within::Page, "link", page).await?.click().await?;
                expect_page_heading(c, page).await?;
            }
            // A row's actions menu (placed through the CSSOM), then the editor's board.
            c.find(Locator::Css("button[aria-haspopup=menu]")).await?.click().await?;
            c.wait().for_element(Locator::Css("[role=menu]")).await?;
            engagement_e2e::press(c, &["\u{E00C}"]).await?;
            let list = by_role(c, Within::Page, "list", "Engagement programs").await?;
            list.find(Locator::Css("a")).await?.click().await?;
            c.find(Locator::Css(".sortable-list")).await?;
            simulate(c).await?;
            let origin = server.url("");
            let mut requests = same_origin_only(c, &origin).await?;
            let seen = violations(c).await?;
            ensure(seen.is_empty(), || format!("CSP violations: {seen:?}"))?;

            // A fresh load of another page.
            c.goto(&server.url("/rules")).await?;
            js(c, WATCH_CSP).await?;
            expect_page_heading(c, "Rules and assumptions").await?;
            requests += same_origin_only(c, &origin).await?;
            ensure(requests > 2, || format!("only {requests} requests seen"))?;
            let seen = violations(c).await?;
            ensure(seen.is_empty(), || format!("CSP violations: {seen:?}"))?;
            let log = browser_log(c).await?;
            let csp_log: Vec<&String> = log.iter().filter(|l| l.contains("Content Security Policy")).collect();
            ensure(csp_log.is_empty(), || format!("the console reports CSP violations: {csp_log:?}"))?;

            // The watch does see a violation: an inline style attribute is blocked.
            js(c, "document.body.setAttribute('style', 'outline: 1px solid red'); return true").await?;
            wait_js(c, "the deliberate violation to be reported", 10, "return window.__violations.length === 1").await?;
            let seen = violations(c).await?;
            ensure(seen[0].starts_with("style-src"), || format!("the deliberate violation: {seen:?}"))?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

#[test]
fn the_served_build_has_the_csp_and_no_autoreload_script() {
    let html = std::fs::read_to_string(dist().join("index.html")).expect("build first: make dist");
    let meta = html.find("http-equiv=\"Content-Security-Policy\"").expect("the CSP <meta> is in index.html");
    let charset = html.find("<meta charset").unwrap();
    let first_script = html.find("<script").expect("Trunk's loader");
    assert!(charset < meta && meta < first_script, "the CSP comes before every script");
    assert!(!html.contains("unsafe-inline"));
    for autoreload in ["WebSocket", "__trunk", "autoreload", "__TRUNK"] {
        assert!(!html.contains(autoreload), "index.html holds Trunk's autoreload script ({autoreload})");
    }
    for file in ["sw.js", "manifest.webmanifest", "icon-192.png", "icon-512.png", "icon.svg", "sample.plan.json"] {
        assert!(dist().join(file).is_file(), "the build has {file}");
    }
    assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));
    // `make serve` serves this build as it is: no autoreload injected.
    let makefile = std::fs::read_to_string(workspace_root().join("Makefile")).unwrap();
    let serve = makefile.lines().skip_while(|l| !l.starts_with("serve:")).nth(1).unwrap_or_default();
    assert!(serve.contains("trunk serve $(TRUNK_FLAGS)") && serve.contains("--no-autoreload"), "{serve}");
    assert!(makefile.lines().any(|l| l.starts_with("TRUNK_FLAGS := --release")), "make serve serves the release build");
    let sw = std::fs::read_to_string(dist().join("sw.js")).unwrap();
    for file in ["/index.html", "/sim-worker_loader.js", "/sim-worker.js", "/sim-worker_bg.wasm", "/sample.plan.json", "/manifest.webmanifest"] {
        assert!(sw.contains(&format!("\"{file}\"")), "sw.js precaches {file}");
    }
}
