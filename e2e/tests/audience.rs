//! The Audience page in the release build: generate an audience in the
//! dialog, simulate it on the Simulation page and find the generated people
//! counted; scroll a 100,000-person table to its last row. With
//! `AUDIENCE_FIGURES=1`, also generates 1,000,000 people and prints the
//! time and memory (figures, not assertions).

use std::time::{Duration, Instant};

use engagement_e2e::{by_role, ensure, expect_page_heading, Browser, Error, Result, StaticServer, Within};
use engagement_e2e::{dist, wait_until, thousands};
use fantoccini::{Client, Locator};

/// The People grid's `aria-rowcount` (people + the header row).
async fn row_count(c: &Client) -> Result<Option<String>> {
    let grid = c.find(Locator::Css("[role=grid][aria-label=People]")).await?;
    Ok(grid.attr("aria-rowcount").await?)
}

/// Opens the generator, asks for `size` people (replacing the current
/// ones), joining the first stream when `join`, and waits for the table.
async fn generate(c: &Client, size: usize, join: bool, secs: u64) -> Result<String> {
    by_role(c, Within::Page, "button", "Generate people…").await?.click().await?;
    let field = by_role(c, Within::Page, "textbox", "Number of people").await?;
    field.clear().await?;
    field.send_keys(&size.to_string()).await?;
    if join {
        let select = by_role(c, Within::Page, "combobox", "Add the new people to").await?;
        c.execute(
            "const s = arguments[0]; s.selectedIndex = 1; s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![serde_json::to_value(&select).map_err(|e| Error(e.to_string()))?],
        )
        .await?;
    }
    by_role(c, Within::Page, "button", "Generate").await?.click().await?;
    let want = (size + 1).to_string();
    wait_until(&format!("{size} people in the table"), secs, || async {
        Ok(row_count(c).await?.as_deref() == Some(want.as_str()))
    })
    .await?;
    let figures = c.find(Locator::Css("[data-generate-figures]")).await?;
    Ok(figures.attr("data-generate-figures").await?.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_generated_audience_is_simulated() -> Result<()> {
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let server = &server;
    let result = browser
        .run("audience-simulate", |c| async move {
            c.goto(&server.url("/audience")).await?;
            expect_page_heading(c, "Audience").await?;
            // The sample loads on the first run: its people are listed.
            wait_until("the sample's people", 20, || async { Ok(row_count(c).await?.is_some()) }).await?;
            let figures = generate(c, 1500, true, 60).await?;
            println!("figure: generated 1,500 people in the page: {figures}");

            by_role(c, Within::Page, "link", "Simulation").await?.click().await?;
            expect_page_heading(c, "Simulation").await?;
            by_role(c, Within::Page, "button", "Run simulation").await?.click().await?;
            wait_until("the results", 120, || async {
                Ok(c.find(Locator::Css(".run-panel__status")).await?.text().await? == "Results are current")
            })
            .await?;
            let facts = c.find(Locator::Css(".run-panel__facts")).await?.text().await?;
            ensure(facts.starts_with(&format!("{} people,", thousands(1500))), || {
                format!("the results say {facts:?}, not the 1,500 generated people")
            })?;
            // The generated people joined the first stream, so casts reach them.
            let person_casts: u64 = facts
                .split(", ")
                .nth(1)
                .and_then(|s| s.split(' ').next())
                .map(|n| n.replace(',', "").parse().unwrap_or(0))
                .unwrap_or(0);
            ensure(person_casts > 0, || format!("no person-casts: {facts:?}"))?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hundred_thousand_person_table_scrolls_to_the_end() -> Result<()> {
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let server = &server;
    let result = browser
        .run("audience-scroll", |c| async move {
            c.goto(&server.url("/audience")).await?;
            expect_page_heading(c, "Audience").await?;
            wait_until("the sample's people", 20, || async { Ok(row_count(c).await?.is_some()) }).await?;
            let figures = generate(c, 100_000, false, 120).await?;
            println!("figure: generated 100,000 people in the page: {figures}");

            // Scroll the body to its end, as a wheel or the scrollbar does.
            c.execute(
                "const b = document.querySelector('[role=grid][aria-label=People] .people-table__body');
                 b.scrollTop = b.scrollHeight;",
                vec![],
            )
            .await?;
            wait_until("the last person's row", 10, || async {
                let rows = c.find_all(Locator::Css("[role=row][aria-rowindex='100001']")).await?;
                match rows.first() {
                    Some(r) => Ok(r.text().await?.starts_with("p0099999")),
                    None => Ok(false),
                }
            })
            .await?;
            // The row is inside the visible part of the body.
            let visible = c
                .execute(
                    "const b = document.querySelector('.people-table__body').getBoundingClientRect();
                     const r = document.querySelector(\"[role=row][aria-rowindex='100001']\").getBoundingClientRect();
                     return r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5;",
                    vec![],
                )
                .await?;
            ensure(visible == serde_json::Value::Bool(true), || "the last row is not in view".into())?;

            // Search: the time the filter took over 100,000 people.
            let search = by_role(c, Within::Page, "searchbox", "Search people").await?;
            search.send_keys("p00999").await?;
            wait_until("the narrowed table", 20, || async { Ok(row_count(c).await?.as_deref() == Some("101")) }).await?;
            let ms = c.find(Locator::Css(".people-count")).await?.attr("data-filter-ms").await?;
            println!("figure: search over 100,000 people: {} ms", ms.unwrap_or_default());
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

/// Figures for 1,000,000 people (run with `AUDIENCE_FIGURES=1`): generation
/// time and memory, a search, and the last row reached with End.
#[tokio::test(flavor = "multi_thread")]
async fn a_million_people_figures() -> Result<()> {
    if std::env::var_os("AUDIENCE_FIGURES").is_none() {
        println!("AUDIENCE_FIGURES not set: the 1,000,000-person figures are not measured");
        return Ok(());
    }
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let server = &server;
    let result = browser
        .run("audience-million", |c| async move {
            c.goto(&server.url("/audience")).await?;
            expect_page_heading(c, "Audience").await?;
            wait_until("the sample's people", 20, || async { Ok(row_count(c).await?.is_some()) }).await?;
            let started = Instant::now();
            let figures = generate(c, 1_000_000, false, 600).await?;
            println!("figure: generated 1,000,000 people: {figures} (wall {:.1} s)", started.elapsed().as_secs_f64());
            let grid = c.find(Locator::Css("[role=grid][aria-label=People]")).await?;
            grid.click().await?;
            engagement_e2e::press(c, &["\u{E010}"]).await?; // End
            wait_until("the last of a million", 20, || async {
                let rows = c.find_all(Locator::Css("[role=row][aria-rowindex='1000001']")).await?;
                match rows.first() {
                    Some(r) => Ok(r.text().await?.starts_with("p0999999")),
                    None => Ok(false),
                }
            })
            .await?;
            // Let the autosave of the new audience finish, then search with
            // one input event (typing starts a run per key).
            tokio::time::sleep(Duration::from_secs(8)).await;
            let search = by_role(c, Within::Page, "searchbox", "Search people").await?;
            c.execute(
                "const s = arguments[0]; s.value = 'p09999'; s.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![serde_json::to_value(&search).map_err(|e| Error(e.to_string()))?],
            )
            .await?;
            wait_until("the narrowed table", 60, || async { Ok(row_count(c).await?.as_deref() == Some("101")) }).await?;
            let ms = c.find(Locator::Css(".people-count")).await?.attr("data-filter-ms").await?;
            println!("figure: search over 1,000,000 people: {} ms", ms.unwrap_or_default());
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}
