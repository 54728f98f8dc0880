//! The workspace in the release build: the first run opens the sample,
//! an edit survives a reload (IndexedDB), a malformed import shows the
//! engine's errors with their JSON paths and changes nothing, and export
//! then import gives the same workspace.

use std::time::{Duration, Instant};

use engagement_e2e::{
    all_by_role, by_role, ensure, expect_page_heading, workspace_root, Browser, Error, Result, StaticServer,
    Within, TIMEOUT,
};
use engagement_e2e::{dist};
use engine::model::Plan;
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

fn sample() -> Plan {
    let text = std::fs::read_to_string(workspace_root().join("public/sample.plan.json")).unwrap();
    engine::plan::load_plan(&text).unwrap()
}

fn program_names_of(plan: &Plan) -> Vec<String> {
    plan.engagement_programs
        .iter()
        .map(|ep| ep.name.clone().unwrap_or_else(|| ep.id.to_string()))
        .collect()
}

/// The names of the programs listed on the Programs page.
async fn listed_programs(c: &Client) -> Result<Vec<String>> {
    let list = by_role(c, Within::Page, "list", "Engagement programs").await?;
    let mut names = vec![];
    for link in all_by_role(c, Within::Element(&list), "link", None).await? {
        names.push(link.text().await?.trim().to_owned());
    }
    Ok(names)
}

/// Waits until `check` holds for the text of the save status.
async fn save_status(c: &Client, what: &str, check: impl Fn(&str) -> bool) -> Result<String> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let status = by_role(c, Within::Page, "status", "Save status").await?;
        let text = status.text().await.unwrap_or_default();
        if check(text.trim()) {
            return Ok(text.trim().to_owned());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the save status is {text:?}, expected {what}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn saved(c: &Client) -> Result<()> {
    save_status(c, "Saved", |t| t == "Saved").await.map(|_| ())
}

/// Opens the workspace menu and clicks `item`.
async fn workspace_action(c: &Client, item: &str) -> Result<()> {
    by_role(c, Within::Page, "button", "Workspace actions").await?.click().await?;
    by_role(c, Within::Page, "button", item).await?.click().await?;
    Ok(())
}

/// Picks `path` in the hidden file input behind "Import plan".
async fn import_file(c: &Client, path: &std::path::Path) -> Result<()> {
    let input = c.find(Locator::Css("input[type=file][aria-label='Plan file to import']")).await?;
    input.send_keys(&path.display().to_string()).await?;
    Ok(())
}

/// The value of a text field.
async fn value(el: &Element) -> Result<String> {
    Ok(el.prop("value").await?.unwrap_or_default())
}

async fn start() -> Result<(StaticServer, Browser)> {
    Ok((StaticServer::start(dist())?, Browser::start().await?))
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_shows_the_sample_and_an_edit_survives_a_reload() -> Result<()> {
    let (server, browser) = start().await?;
    let plan = sample();
    let result = browser
        .run("workspace-first-run-reload", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            // The first run opened the built-in sample and stored it.
            let names = listed_programs(c).await?;
            ensure(names == program_names_of(&plan), || format!("the programs listed are {names:?}"))?;
            saved(c).await?;
            let switcher = by_role(c, Within::Page, "combobox", "Workspace").await?;
            let current = switcher.find(Locator::Css("option:checked")).await?.text().await?;
            ensure(Some(current.trim()) == plan.workspace.name.as_deref(), || format!("the switcher shows {current:?}"))?;

            // Rename the workspace in Settings; it is saved and survives a reload.
            by_role(c, Within::Page, "link", "Settings").await?.click().await?;
            expect_page_heading(c, "Settings").await?;
            let name = by_role(c, Within::Page, "textbox", "Workspace name").await?;
            name.clear().await?;
            name.send_keys("Renamed end to end\u{E004}").await?;
            save_status(c, "Saving… then Saved", |t| t == "Saved" || t == "Saving…").await?;
            let undo = by_role(c, Within::Page, "button", "Undo Renamed the workspace to Renamed end to end").await?;
            ensure(undo.is_enabled().await?, || "Undo is enabled".into())?;
            saved(c).await?;

            c.refresh().await?;
            expect_page_heading(c, "Settings").await?;
            let name = by_role(c, Within::Page, "textbox", "Workspace name").await?;
            let deadline = Instant::now() + TIMEOUT;
            while value(&name).await? != "Renamed end to end" && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let kept = value(&name).await?;
            ensure(kept == "Renamed end to end", || format!("after the reload the name is {kept:?}"))?;
            saved(c).await?;
            // A reloaded workspace starts a new history.
            by_role(c, Within::Page, "button", "Undo").await?;
            by_role(c, Within::Page, "link", "Programs").await?.click().await?;
            let names = listed_programs(c).await?;
            ensure(names == program_names_of(&plan), || format!("after the reload the programs are {names:?}"))?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_import_lists_the_errors_and_changes_nothing() -> Result<()> {
    let (server, browser) = start().await?;
    let plan = sample();
    // Valid JSON, not a valid plan: an unknown zone and a mistyped flag.
    let bad = r#"{"format": "engagement-plan", "version": 1,
        "workspace": {"name": "Broken", "time_zone": "Mars/Olympus_Mons"},
        "emails": [{"id": "e1", "name": "Hello", "approved": "yes"}],
        "programs": [], "engagement_programs": [], "people": [], "memberships": [],
        "history": [], "program_history": [], "events": []}"#;
    let expected: Vec<String> = engine::plan::load_plan(bad).unwrap_err().iter().map(ToString::to_string).collect();
    assert!(expected.len() >= 2 && expected.iter().all(|e| e.contains(": ")), "{expected:?}");
    let file = browser.downloads().with_file_name("broken.plan.json");
    std::fs::write(&file, bad)?;
    let result = browser
        .run("workspace-bad-import", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            let before = listed_programs(c).await?;
            saved(c).await?;

            import_file(c, &file).await?;
            let problems = by_role(c, Within::Page, "list", "Import problems").await?;
            let mut lines = vec![];
            for item in all_by_role(c, Within::Element(&problems), "listitem", None).await? {
                lines.push(item.text().await?.trim().to_owned());
            }
            ensure(lines == expected, || format!("the alert lists {lines:?}, the engine says {expected:?}"))?;
            ensure(lines.iter().any(|l| l.starts_with("workspace.time_zone: ")), || "a line with its JSON path".into())?;
            let alert_text = problems.find(Locator::XPath("ancestor::*[@role='alert']")).await?.text().await?;
            ensure(alert_text.contains("broken.plan.json was not imported"), || alert_text.clone())?;
            ensure(alert_text.contains("Nothing was changed"), || alert_text.clone())?;

            // Nothing changed: the same programs, nothing to save or undo.
            let after = listed_programs(c).await?;
            ensure(after == before && after == program_names_of(&plan), || format!("programs now {after:?}"))?;
            saved(c).await?;
            by_role(c, Within::Page, "button", "Undo").await?;
            ensure(all_by_role(c, Within::Page, "dialog", None).await?.is_empty(), || "no dialog".into())?;
            by_role(c, Within::Page, "button", "Dismiss").await?.click().await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn export_then_import_gives_the_same_workspace() -> Result<()> {
    let (server, browser) = start().await?;
    let plan = sample();
    let file_name = format!("{}.plan.json", plan.workspace.name.clone().unwrap());
    let browser_ref = &browser;
    let result = browser
        .run("workspace-export-import", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            saved(c).await?;

            workspace_action(c, "Export plan").await?;
            let exported = browser_ref.downloaded(&file_name).await?;
            let read = engine::plan::load_plan(&exported).map_err(|e| Error(format!("the export does not load: {e:?}")))?;
            ensure(read == plan, || "the exported plan is the workspace (the sample, people included)".into())?;

            // Import it as a new workspace.
            import_file(c, &browser_ref.downloads().join(&file_name)).await?;
            let dialog = by_role(c, Within::Page, "dialog", "Import plan").await?;
            by_role(c, Within::Element(&dialog), "button", "Open as new workspace").await?.click().await?;
            let switcher = by_role(c, Within::Page, "combobox", "Workspace").await?;
            let deadline = Instant::now() + TIMEOUT;
            let mut options = vec![];
            while Instant::now() < deadline {
                options = switcher.find_all(Locator::Css("option")).await?;
                if options.len() == 2 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            ensure(options.len() == 2, || format!("{} workspaces in the switcher", options.len()))?;
            saved(c).await?;
            let names = listed_programs(c).await?;
            ensure(names == program_names_of(&plan), || format!("the imported workspace lists {names:?}"))?;

            // Its export is the same file.
            std::fs::remove_file(browser_ref.downloads().join(&file_name))?;
            workspace_action(c, "Export plan").await?;
            let again = browser_ref.downloaded(&file_name).await?;
            ensure(again == exported, || "export → import → export gives the same file".into())?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}
