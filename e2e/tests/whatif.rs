//! What-if in the release build: on the sample, duplicate the workspace as
//! a scenario, reorder a stream's content in the scenario (keyboard, in the
//! program editor), compare the scenario with its base on the What-if page
//! (both runs in the simulation worker), and check the comparison against
//! the engine's `diff` of the same two plans computed natively: the
//! exported CSV equals `diff_csv`, and the deliveries table shows the same
//! differences.

use std::time::{Duration, Instant};

use engagement_e2e::{
    all_by_role, by_role, ensure, expect_page_heading, press, workspace_root, Browser, Error, Result, StaticServer,
    Within, TIMEOUT,
};
use engagement_e2e::{dist, thousands};
use engine::edit::{apply, Edit};
use engine::model::Plan;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

fn sample() -> Plan {
    let text = std::fs::read_to_string(workspace_root().join("public/sample.plan.json")).unwrap();
    engine::plan::load_plan(&text).unwrap()
}

/// Waits until the element with role `role` named `name` has text for
/// which `check` holds; returns the text.
async fn text_of(c: &Client, role: &str, name: &str, what: &str, check: impl Fn(&str) -> bool) -> Result<String> {
    let deadline = Instant::now() + TIMEOUT * 4;
    loop {
        if let Ok(el) = by_role(c, Within::Page, role, name).await {
            let text = el.text().await.unwrap_or_default();
            if check(text.trim()) {
                return Ok(text.trim().to_owned());
            }
            if Instant::now() > deadline {
                return Err(Error(format!("{name} reads {text:?}, expected {what}")));
            }
        } else if Instant::now() > deadline {
            return Err(Error(format!("no {role} named {name}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn saved(c: &Client) -> Result<()> {
    text_of(c, "status", "Save status", "Saved", |t| t == "Saved").await.map(|_| ())
}

async fn announced(c: &Client, want: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let text = c.find(Locator::Css("#announcer")).await?.text().await.unwrap_or_default();
        if text.trim_end_matches('\u{a0}').trim() == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the live region says {text:?}, expected {want:?}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_compared_with_its_base_matches_the_engines_diff() -> Result<()> {
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let base = sample();
    let base_name = base.workspace.name.clone().unwrap();
    // The scenario's change, as the engine applies it: Welcome from
    // position 1 to 2 in Early stage.
    let mut scenario = base.clone();
    let stream = base.engagement_programs[0].streams[0].id.clone();
    let edit = Edit::MoveItem { from_stream: stream.clone(), from_index: 0, to_stream: stream, to_index: 1 };
    apply(&mut scenario, &edit, engine::time::Instant(0)).unwrap();
    let native = engine::diff::diff(&base, &scenario).unwrap();
    ensure(!native.deliveries.is_empty(), || "the reorder changes deliveries".into())?;
    let downloads = browser.downloads();
    let want = engine::diff::diff_csv(&native);
    let native = &native;

    let result = browser
        .run("whatif-compare", |c| async move {
            c.goto(&server.url("/whatif")).await?;
            expect_page_heading(c, "What-if").await?;
            saved(c).await?;
            text_of(c, "heading", "Scenario", "the scenario panel", |_| true).await?;

            // Duplicate as scenario (the page's button; the workspace menu has it too).
            by_role(c, Within::Page, "button", "Duplicate as scenario").await?.click().await?;
            let d = by_role(c, Within::Page, "dialog", "Duplicate as scenario").await?;
            let name = by_role(c, Within::Element(&d), "textbox", "Scenario name").await?;
            name.clear().await?;
            name.send_keys("E2E scenario").await?;
            by_role(c, Within::Element(&d), "button", "Create scenario").await?.click().await?;
            let deadline = Instant::now() + TIMEOUT;
            loop {
                let p = c.find(Locator::Css(".whatif-scenario__base")).await?.text().await?;
                if p.trim() == format!("This workspace is a scenario of {base_name}.") {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(Error(format!("the scenario panel says {p:?}")));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            saved(c).await?;

            // In the scenario, move Welcome down one place in Early stage.
            let nav = by_role(c, Within::Page, "navigation", "Main").await?;
            by_role(c, Within::Element(&nav), "link", "Programs").await?.click().await?;
            expect_page_heading(c, "Programs").await?;
            let list = by_role(c, Within::Page, "list", "Engagement programs").await?;
            by_role(c, Within::Element(&list), "link", "New prospects nurture").await?.click().await?;
            expect_page_heading(c, "New prospects nurture").await?;
            let content = by_role(c, Within::Page, "list", "Content of Early stage").await?;
            let grip = by_role(c, Within::Element(&content), "button", "Welcome").await?;
            grip.send_keys(" ").await?;
            press(c, &[&Key::Down]).await?;
            press(c, &[" "]).await?;
            announced(c, "Moved Welcome from position 1 to 2 in Early stage").await?;
            saved(c).await?;

            // Compare: A is the base, B the open scenario (the defaults).
            let nav = by_role(c, Within::Page, "navigation", "Main").await?;
            by_role(c, Within::Element(&nav), "link", "What-if").await?.click().await?;
            expect_page_heading(c, "What-if").await?;
            let a = by_role(c, Within::Page, "combobox", "Run A").await?;
            let b = by_role(c, Within::Page, "combobox", "Run B").await?;
            let a_text = a.find(Locator::Css("option:checked")).await?.text().await?;
            let b_text = b.find(Locator::Css("option:checked")).await?.text().await?;
            ensure(a_text.trim() == base_name && b_text.trim() == "E2E scenario (open)", || {
                format!("A is {a_text:?} and B {b_text:?}")
            })?;
            by_role(c, Within::Page, "button", "Compare").await?.click().await?;
            let status =
                text_of(c, "status", "Comparison status", "a summary", |t| t.contains("deliver differently")).await?;
            ensure(status.starts_with(&format!("{} item", native.deliveries.len())), || format!("the status says {status:?}"))?;

            // The deliveries table lists the engine's differences, in order,
            // with thousands separators.
            let table = by_role(c, Within::Page, "table", "Deliveries per content").await?;
            let rows = table.find_all(Locator::Css("tbody tr")).await?;
            ensure(rows.len() == native.deliveries.len(), || format!("{} rows", rows.len()))?;
            for (row, (_, _, _, da, db)) in rows.iter().zip(&native.deliveries) {
                let cells = row.find_all(Locator::Css("td.num")).await?;
                let a = cells[0].text().await?;
                let b = cells[1].text().await?;
                ensure(a == thousands(*da) && b == thousands(*db), || format!("a row reads {a} / {b}, expected {da} / {db}"))?;
            }
            let people = all_by_role(c, Within::Page, "link", None).await?;
            let mut timeline_links = 0;
            for l in &people {
                if l.attr("href").await?.is_some_and(|h| h.starts_with("/simulation/person?person=")) {
                    timeline_links += 1;
                }
            }
            ensure(timeline_links == native.next_content.len().min(50), || {
                format!("{timeline_links} timeline links for {} people", native.next_content.len())
            })?;

            // The CSV export is the engine's.
            by_role(c, Within::Page, "button", "Export comparison CSV").await?.click().await?;
            Ok(())
        })
        .await;
    let csv = match &result {
        Ok(()) => Some(read_download(&downloads, "comparison.csv").await),
        Err(_) => None,
    };
    browser.close().await?;
    result?;
    let csv = csv.unwrap()?;
    ensure(csv == want, || {
        let first = csv.lines().zip(want.lines()).find(|(a, b)| a != b);
        format!("the exported CSV differs from the engine's diff_csv (first difference: {first:?})")
    })
}

async fn read_download(dir: &std::path::Path, name: &str) -> Result<String> {
    let path = dir.join(name);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Ok(text) = std::fs::read_to_string(&path) {
            if !text.is_empty() {
                return Ok(text);
            }
        }
        if Instant::now() > deadline {
            return Err(Error(format!("no download {name}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
