//! CSV import of people in the release build: a file with a bad row,
//! picked through the real file input, lists the row's line and imports
//! nothing; importing the valid rows replaces the people, and the Audience
//! page counts them (also after a reload). The large-file figure
//! (500,000 people, about 50 MB) is an ignored test that prints timings.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use engagement_e2e::{by_role, ensure, expect_page_heading, Browser, Error, Result, StaticServer, Within};
use engagement_e2e::{dist, thousands};
use fantoccini::{Client, Locator};

/// Writes `text` to a fresh temporary file named `name`.
fn temp_csv(name: &str, text: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("engagement-e2e-csv-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Waits up to `limit` for an element matching `css` whose text is `want`.
async fn text_shows(c: &Client, css: &str, want: &str, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        for el in c.find_all(Locator::Css(css)).await? {
            if el.text().await.map(|t| t.trim() == want).unwrap_or(false) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            let mut seen = vec![];
            for el in c.find_all(Locator::Css(css)).await? {
                seen.push(el.text().await.unwrap_or_default());
            }
            return Err(Error(format!("no {css} reads {want:?}; seen {seen:?}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits up to `limit` for the Audience page to count `n` people ("2
/// people", "500,000 people" or "500000 people").
async fn people_counted(c: &Client, n: usize, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    let want = format!("{n} people");
    loop {
        for el in c.find_all(Locator::Css("main p")).await? {
            if el.text().await.map(|t| t.trim().replace(',', "") == want).unwrap_or(false) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the Audience page does not count {want}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn saved(c: &Client, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let status = by_role(c, Within::Page, "status", "Save status").await?;
        if status.text().await.unwrap_or_default().trim() == "Saved" {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error("the workspace was not saved".into()));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the people import and picks `path` in its file input.
async fn pick_people_file(c: &Client, path: &std::path::Path) -> Result<fantoccini::elements::Element> {
    by_role(c, Within::Page, "button", "Import people…").await?.click().await?;
    let dialog = by_role(c, Within::Page, "dialog", "Import people").await?;
    let file_input = dialog.find(Locator::Css("input[type=file]")).await?;
    file_input.send_keys(&path.display().to_string()).await?;
    Ok(dialog)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_row_is_listed_by_line_and_the_valid_rows_are_imported() -> Result<()> {
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let csv = temp_csv(
        "people.csv",
        "id,email,time zone,score\nq1,a@x.com,Europe/Berlin,50\nq2,b@x.com,Mars/Base,7\nq3,c@x.com,,12\n",
    )?;
    let result = browser
        .run("audience-import", |c| async move {
            c.goto(&server.url("/audience")).await?;
            expect_page_heading(c, "Audience").await?;
            saved(c, Duration::from_secs(20)).await?;
            let dialog = pick_people_file(c, &csv).await?;
            by_role(c, Within::Element(&dialog), "table", "Column mapping").await?;
            by_role(c, Within::Element(&dialog), "button", "Check the rows").await?.click().await?;
            text_shows(c, ".import-results__summary", "3 people: 2 valid, 1 with errors.", Duration::from_secs(10)).await?;
            let errors = by_role(c, Within::Element(&dialog), "list", "Row errors").await?;
            let listed = errors.text().await?;
            ensure(listed.starts_with("Line 3, column time zone:") && listed.contains("Mars/Base"), || {
                format!("the errors read {listed:?}")
            })?;
            // Nothing imported yet: the sample's people are still there.
            by_role(c, Within::Element(&dialog), "button", "Import the 2 valid rows").await?.click().await?;
            by_role(c, Within::Element(&dialog), "button", "Replace the people").await?.click().await?;
            people_counted(c, 2, Duration::from_secs(10)).await?;
            saved(c, Duration::from_secs(20)).await?;
            c.refresh().await?;
            expect_page_heading(c, "Audience").await?;
            people_counted(c, 2, Duration::from_secs(10)).await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

/// The figure of the README: a 500,000-person file (about 50 MB) read,
/// checked and imported in the release build. Prints the times; asserts
/// only that it works. `cargo test -p engagement-e2e --test audience_import -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a figure, not a check: about a minute"]
async fn figures_a_large_people_file() -> Result<()> {
    let rows = std::env::var("IMPORT_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(500_000usize);
    let zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "", "Europe/London"];
    let segments = ["smb", "enterprise", "mid-market", "startup"];
    let mut text = String::from("id,email,time_zone,unsubscribed,score,segment,vip,city,note\n");
    for i in 0..rows {
        text.push_str(&format!(
            "p{i:07},person{i:07}@example.com,{},{},{},{},{},City {},Customer since 20{:02}; prefers mail\n",
            zones[i % zones.len()],
            if i % 50 == 0 { "yes" } else { "no" },
            i % 101,
            segments[i % segments.len()],
            if i % 3 == 0 { "yes" } else { "no" },
            i % 977,
            i % 25,
        ));
    }
    let bytes = text.len();
    let csv = temp_csv("large.csv", &text)?;
    let csv_path = csv.clone();
    drop(text);
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let result = browser
        .run("audience-import-large", |c| async move {
            c.goto(&server.url("/audience")).await?;
            expect_page_heading(c, "Audience").await?;
            saved(c, Duration::from_secs(20)).await?;
            let t0 = Instant::now();
            let dialog = pick_people_file(c, &csv).await?;
            by_role(c, Within::Element(&dialog), "table", "Column mapping").await?;
            let read = t0.elapsed();
            let t1 = Instant::now();
            by_role(c, Within::Element(&dialog), "button", "Check the rows").await?.click().await?;
            let total = format!("{} people, all valid.", thousands(rows as u64));
            text_shows(c, ".import-results__summary", &total, Duration::from_secs(300)).await?;
            let checked = t1.elapsed();
            println!("import figures: read and map {:.2} s, check {:.2} s", read.as_secs_f64(), checked.as_secs_f64());
            by_role(c, Within::Element(&dialog), "button", &format!("Import {} people", thousands(rows as u64))).await?.click().await?;
            let t2 = Instant::now();
            by_role(c, Within::Element(&dialog), "button", "Replace the people").await?.click().await?;
            people_counted(c, rows, Duration::from_secs(300)).await?;
            let replaced = t2.elapsed();
            let t3 = Instant::now();
            saved(c, Duration::from_secs(300)).await?;
            let stored = t3.elapsed();
            println!(
                "import figures: {rows} people, {:.1} MB: read and map {:.2} s, check {:.2} s, replace {:.2} s, save {:.2} s",
                bytes as f64 / 1e6,
                read.as_secs_f64(),
                checked.as_secs_f64(),
                replaced.as_secs_f64(),
                stored.as_secs_f64()
            );
            Ok(())
        })
        .await;
    browser.close().await?;
    let _ = std::fs::remove_file(&csv_path);
    result
}
