//! The simulation in the release build: run the built-in sample in the
//! worker, preview the first stream's first cast and check its counts
//! against the engine run natively on `public/sample.plan.json`, open a
//! person's timeline, cancel a run, reload and find the results current.
//! And the performance figures (printed, not asserted).

use std::time::Duration;

use engagement_e2e::{
    all_by_role, by_role, ensure, expect_page_heading, workspace_root, Browser, Error, Result,
    StaticServer, Within,
};
use engagement_e2e::{dist, wait_until, thousands};
use engine::analysis::{analyze, CastReport};
use engine::model::Plan;
use fantoccini::{Client, Locator};

fn sample() -> Plan {
    let text = std::fs::read_to_string(workspace_root().join("public/sample.plan.json")).unwrap();
    engine::plan::load_plan(&text).unwrap()
}

fn content_name(plan: &Plan, id: &str) -> String {
    plan.emails
        .iter()
        .find(|e| e.id.as_str() == id)
        .and_then(|e| e.name.clone())
        .or_else(|| plan.programs.iter().find(|p| p.id.as_str() == id).and_then(|p| p.name.clone()))
        .unwrap_or_else(|| id.to_owned())
}

fn outcome_label(o: &str) -> &str {
    match o {
        "program_entered" => "entered the program",
        "program_filtered" => "filtered out by the program",
        "blocked_person" => "blocked (person)",
        "blocked_limit" => "blocked by a limit",
        other => other,
    }
}

fn number(text: &str) -> u64 {
    text.trim().replace(',', "").parse().unwrap_or(u64::MAX)
}

async fn run_status(c: &Client) -> Result<String> {
    let el = c.find(Locator::Css(".run-panel__status")).await?;
    Ok(el.text().await?)
}

/// The texts of each body row's cells (header cells included).
async fn table_rows(table: &fantoccini::elements::Element) -> Result<Vec<Vec<String>>> {
    let mut out = vec![];
    for row in table.find_all(Locator::Css("tbody tr")).await? {
        let mut cells = vec![];
        for cell in row.find_all(Locator::Css("th, td")).await? {
            cells.push(cell.text().await?.trim().to_owned());
        }
        out.push(cells);
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_simulates_in_the_worker_with_preview_timeline_cancel_and_reload() -> Result<()> {
    let plan = sample();
    let report = analyze(&plan).unwrap();
    let ep = &plan.engagement_programs[0];
    let stream = &ep.streams[0];
    let mut casts: Vec<&CastReport> =
        report.casts.iter().filter(|c| c.program == ep.id.as_str() && c.stream == stream.id.as_str()).collect();
    casts.sort_by(|a, b| a.date.cmp(&b.date));
    let first_cast = casts[0].clone();
    let person = plan.memberships[0].person.to_string();
    let email = plan.people.iter().find(|p| p.id.as_str() == person).and_then(|p| p.email.clone());
    let timeline = engine::explain::explain(&plan, &person).unwrap();

    let (plan, report, first_cast, timeline) = (&plan, &report, &first_cast, &timeline);
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let server = &server;
    let result = browser
        .run("simulation", |c| async move {
            c.goto(&server.url("/simulation")).await?;
            expect_page_heading(c, "Simulation").await?;
            // The first run loads the sample; then the run is offered.
            let run = by_role(c, Within::Page, "button", "Run simulation").await?;
            run.click().await?;
            wait_until("the results of the first run", 60, || async {
                Ok(run_status(c).await? == "Results are current")
            })
            .await?;
            let casts_table = by_role(c, Within::Page, "table", "Casts").await?;
            let rows = table_rows(&casts_table).await?;
            ensure(rows.len() == report.casts.len(), || {
                format!("{} casts listed, the engine has {}", rows.len(), report.casts.len())
            })?;

            // The cast preview opens on the first stream's first cast.
            by_role(c, Within::Page, "link", "Cast preview").await?.click().await?;
            expect_page_heading(c, "Cast preview").await?;
            let stream_name = stream.name.clone().unwrap_or_else(|| stream.id.to_string());
            let cast_heading = format!("{stream_name} · {}", short_date(&first_cast.date));
            by_role(c, Within::Page, "heading", &cast_heading).await?;
            let contents = by_role(c, Within::Page, "table", "Who receives what").await?;
            let got = table_rows(&contents).await?;
            let want: Vec<Vec<String>> = first_cast
                .contents
                .iter()
                .map(|(content, outcome, n)| {
                    vec![content_name(plan, content), outcome_label(outcome).to_owned(), n.to_string()]
                })
                .collect();
            let got_plain: Vec<Vec<String>> = got
                .iter()
                .map(|r| r.iter().enumerate().map(|(i, c)| if i == 2 { number(c).to_string() } else { c.clone() }).collect())
                .collect();
            ensure(got_plain == want, || format!("the cast preview shows {got:?}, the engine says {want:?}"))?;
            let skips = by_role(c, Within::Page, "table", "Who is skipped").await?;
            for row in table_rows(&skips).await? {
                let outcome = match row[0].as_str() {
                    "blocked (person)" => "blocked_person",
                    "blocked by a limit" => "blocked_limit",
                    "filtered out by the program" => "program_filtered",
                    other => other,
                };
                let want = first_cast.outcomes.get(outcome).copied().unwrap_or(0);
                ensure(number(&row[1]) == want, || format!("{}: {} shown, the engine says {want}", row[0], row[1]))?;
            }
            // The people of the cast, from the worker, paged.
            let people = by_role(c, Within::Page, "table", "People of this cast").await?;
            wait_until("the people of the cast", 30, || async {
                let pager = c.find(Locator::Css(".pager span")).await?;
                Ok(pager.text().await?.contains(&format!("({} people)", thousands(first_cast.considered))))
            })
            .await?;
            shot(c, "cast-preview").await?;
            let listed = people.find_all(Locator::Css("tbody tr")).await?.len();
            ensure(listed as u64 == first_cast.considered.min(50), || format!("{listed} people rows on the first page"))?;

            // A person's timeline.
            by_role(c, Within::Page, "link", "Back to results").await?.click().await?;
            by_role(c, Within::Page, "link", "Person timeline").await?.click().await?;
            expect_page_heading(c, "Person timeline").await?;
            let search = by_role(c, Within::Page, "searchbox", "Search people by id or email").await?;
            search.send_keys(&person).await?;
            let label = match &email {
                Some(e) => format!("Show timeline of {person} · {e}"),
                None => format!("Show timeline of {person}"),
            };
            by_role(c, Within::Page, "button", &label).await?.click().await?;
            by_role(c, Within::Page, "heading", &format!("Timeline of {person}")).await?;
            let table = by_role(c, Within::Page, "table", "Timeline").await?;
            let rows = table_rows(&table).await?;
            ensure(rows.len() == timeline.len(), || {
                format!("{} timeline rows, explain gives {}", rows.len(), timeline.len())
            })?;
            ensure(rows.iter().all(|r| r.len() == 6 && !r[5].is_empty()), || "a row without its reason".into())?;
            by_role(c, Within::Page, "button", "Download timeline CSV").await?;

            // Cancel a run: the results stay as they were, marked as such.
            c.goto(&server.url("/simulation")).await?;
            let run = by_role(c, Within::Page, "button", "Run simulation").await?;
            wait_until("the kept results", 10, || async { Ok(run_status(c).await? == "Results are current") }).await?;
            let cancelled = c
                .execute_async(
                    "const [run, done] = arguments; run.click();
                     setTimeout(() => {
                       const cancel = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Cancel');
                       if (cancel) cancel.click();
                       done(!!cancel);
                     }, 0);",
                    vec![serde_json::to_value(&run).map_err(|e| Error(e.to_string()))?],
                )
                .await?;
            ensure(cancelled == serde_json::Value::Bool(true), || "no Cancel button while running".into())?;
            wait_until("the cancelled status", 10, || async {
                Ok(run_status(c).await? == "Cancelled. Results are current")
            })
            .await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let status = run_status(c).await?;
            ensure(status == "Cancelled. Results are current", || format!("after cancelling: {status:?}"))?;
            ensure(all_by_role(c, Within::Page, "progressbar", None).await?.is_empty(), || {
                "the progress bar is still shown".into()
            })?;
            // The fresh worker runs again.
            by_role(c, Within::Page, "button", "Run simulation").await?.click().await?;
            wait_until("a run after cancelling", 60, || async { Ok(run_status(c).await? == "Results are current") })
                .await?;

            // Reload: the kept results are shown, and current.
            c.refresh().await?;
            expect_page_heading(c, "Simulation").await?;
            wait_until("the kept results after a reload", 20, || async {
                Ok(run_status(c).await? == "Results are current")
            })
            .await?;
            by_role(c, Within::Page, "table", "Casts").await?;
            shot(c, "simulation-results").await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

/// With `E2E_SHOTS` set, saves the page as `target/e2e-shot-<name>.png`
/// (the whole page's height) to look at.
async fn shot(c: &Client, name: &str) -> Result<()> {
    if std::env::var_os("E2E_SHOTS").is_none() {
        return Ok(());
    }
    let h = c.execute("return document.documentElement.scrollHeight", vec![]).await?;
    let h = h.as_f64().unwrap_or(900.0).min(6000.0) as u32;
    c.set_window_size(1280, h + 120).await?;
    let png = c.screenshot().await?;
    std::fs::write(engagement_e2e::target_dir().join(format!("e2e-shot-{name}.png")), png)?;
    c.set_window_size(1280, 900).await?;
    Ok(())
}

fn short_date(date: &str) -> String {
    const M: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let p: Vec<&str> = date.split('-').collect();
    format!("{} {}", p[2].parse::<u32>().unwrap(), M[p[1].parse::<usize>().unwrap() - 1])
}

/// The performance figures of the release build: gzipped wasm per entry,
/// time to interactive, and the 100,000-person benchmark in the worker
/// with the longest main-thread task meanwhile. Printed (run with
/// `--nocapture`, or `make figures`), not asserted.
#[tokio::test(flavor = "multi_thread")]
async fn figures() -> Result<()> {
    let dist = dist();
    for entry in std::fs::read_dir(&dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let out = std::process::Command::new("gzip").args(["-9", "-c"]).arg(&path).output()?;
            let raw = std::fs::metadata(&path)?.len();
            println!(
                "figure: {} {} KB raw, {} KB gzipped",
                path.file_name().unwrap().to_string_lossy(),
                raw / 1024,
                out.stdout.len() / 1024
            );
        }
    }
    let people: u64 = std::env::var("BENCH_PEOPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let server = StaticServer::start(dist)?;
    let browser = Browser::start().await?;
    let result = browser
        .run("figures", |c| async move {
            c.goto(&server.url("/bench")).await?;
            expect_page_heading(c, "Benchmark").await?;
            let tti = c
                .execute(
                    "const m = performance.getEntriesByName('app-interactive')[0]; return m ? m.startTime : null;",
                    vec![],
                )
                .await?;
            println!("figure: time to interactive (first frame after mount, /bench, first load): {tti} ms");
            if people != 100_000 {
                let input = c.find(Locator::Id("bench-people")).await?;
                input.clear().await?;
                input.send_keys(&people.to_string()).await?;
                c.execute("document.getElementById('bench-people').dispatchEvent(new Event('change'))", vec![])
                    .await?;
            }
            by_role(c, Within::Page, "button", "Run benchmark").await?.click().await?;
            wait_until("the benchmark", 300, || async { Ok(c.find(Locator::Id("bench-figures")).await.is_ok()) })
                .await?;
            for (id, what) in [
                ("bench-people-count", "people"),
                ("bench-simulate-ms", "simulation in the worker (ms)"),
                ("bench-worker-prepare-ms", "worker decode + compile (ms)"),
                ("bench-wall-ms", "post to report, wall clock (ms)"),
                ("bench-longest-task-ms", "longest main-thread task during the run (ms)"),
                ("bench-long-tasks", "long tasks during the run"),
                ("bench-page-prepare-ms", "page: encode plan and audience (ms, before the run)"),
            ] {
                let v = c.find(Locator::Id(id)).await?.text().await?;
                println!("figure: {what}: {v}");
            }
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}
