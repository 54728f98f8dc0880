//! The release build in headless Chromium: it mounts, the main navigation
//! is a labelled landmark of links, and every entry opens its page.

use engagement_e2e::{
    all_by_role, by_role, ensure, expect_page_heading, workspace_root, Browser, Result,
    StaticServer, Within,
};

/// The navigation entries, as a user reads them, and each page's heading.
const NAV: [&str; 7] = ["Programs", "Library", "Calendar", "Audience", "Simulation", "What-if", "Settings"];

#[tokio::test(flavor = "multi_thread")]
async fn navigation_reaches_every_page_of_the_release_build() -> Result<()> {
    let dist = std::env::var_os("E2E_DIST")
        .map(Into::into)
        .unwrap_or_else(|| workspace_root().join("dist"));
    let server = StaticServer::start(dist)?;
    let browser = Browser::start().await?;

    let result = browser
        .run("navigation", |c| async move {
            c.goto(&server.url("/")).await?;
            // The app mounted (a broken release build shows nothing) and
            // redirected to the first page.
            expect_page_heading(c, "Programs").await?;
            ensure(c.title().await? == "Engagement Planner", || {
                "document title".into()
            })?;

            let nav = by_role(c, Within::Page, "navigation", "Main").await?;
            for label in NAV {
                let link = by_role(c, Within::Element(&nav), "link", label).await?;
                link.click().await?;
                expect_page_heading(c, label).await?;
                let link = by_role(c, Within::Element(&nav), "link", label).await?;
                let current = link.attr("aria-current").await?;
                ensure(current.as_deref() == Some("page"), || {
                    format!("{label}: aria-current is {current:?} after clicking it")
                })?;
                let path = c.current_url().await?.path().to_owned();
                // "What-if" lives at /whatif.
                ensure(path == format!("/{}", label.to_lowercase().replace('-', "")), || {
                    format!("{label}: the address is {path}")
                })?;
            }

            // A deep link loads its page directly.
            c.goto(&server.url("/audience")).await?;
            expect_page_heading(c, "Audience").await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn programs_empty_state_creates_a_program() -> Result<()> {
    let dist = std::env::var_os("E2E_DIST")
        .map(Into::into)
        .unwrap_or_else(|| workspace_root().join("dist"));
    let server = StaticServer::start(dist)?;
    let browser = Browser::start().await?;

    let result = browser
        .run("programs-empty-state", |c| async move {
            c.goto(&server.url("/programs")).await?;
            expect_page_heading(c, "Programs").await?;
            // The first run opens the sample: start a new empty workspace.
            by_role(c, Within::Page, "button", "Workspace actions").await?.click().await?;
            by_role(c, Within::Page, "button", "New empty workspace").await?.click().await?;
            let dialog = by_role(c, Within::Page, "dialog", "New empty workspace").await?;
            by_role(c, Within::Element(&dialog), "button", "Create workspace").await?.click().await?;
            by_role(c, Within::Page, "heading", "No programs yet — create one").await?;
            by_role(c, Within::Page, "button", "Create program")
                .await?
                .click()
                .await?;
            let list = by_role(c, Within::Page, "list", "Engagement programs").await?;
            let items = all_by_role(c, Within::Element(&list), "listitem", None).await?;
            ensure(items.len() == 1, || {
                format!("{} programs listed, expected 1", items.len())
            })?;
            let text = items[0].text().await?;
            ensure(text.starts_with("Program 1"), || {
                format!("the new program reads {text:?}")
            })?;
            // The empty state is gone; creating stays available in the header.
            ensure(
                all_by_role(
                    c,
                    Within::Page,
                    "heading",
                    Some("No programs yet — create one"),
                )
                .await?
                .is_empty(),
                || "the empty state is still shown".into(),
            )?;
            by_role(c, Within::Page, "button", "Create program").await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}
