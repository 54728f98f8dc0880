//! The planner in the release build: create three emails in the Library, a
//! program and a stream, add the emails to the stream, reorder them by
//! keyboard (Space, Down, Space on an item's grip) and by a mouse drag
//! (real pointer events through WebDriver actions), then reload and find
//! the order kept (IndexedDB).

use std::time::{Duration, Instant};

use engagement_e2e::{
    by_role, drag_to, ensure, expect_page_heading, press, Browser, Error, Result, StaticServer,
    Within, TIMEOUT,
};
use engagement_e2e::{dist};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

const EMAILS: [&str; 3] = ["E2E one", "E2E two", "E2E three"];

/// The item names of the list named `list`, top first (each item's grip is
/// named after it).
async fn order(c: &Client, list: &str) -> Result<Vec<String>> {
    let ul = by_role(c, Within::Page, "list", list).await?;
    let mut names = vec![];
    for grip in ul.find_all(Locator::Css(".sortable-item__grip")).await? {
        names.push(grip.attr("aria-label").await?.unwrap_or_default());
    }
    Ok(names)
}

/// Waits (up to the harness timeout) for the list to read `want`.
async fn expect_order(c: &Client, list: &str, want: &[&str]) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let got = order(c, list).await?;
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("{list} reads {got:?}, expected {want:?}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the app's live region to say `want`.
async fn expect_announced(c: &Client, want: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let region = c.find(Locator::Css("#announcer")).await?;
        let text = region.text().await.unwrap_or_default();
        if text.trim_end_matches('\u{a0}').trim() == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("the live region says {text:?}, expected {want:?}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn saved(c: &Client) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
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

/// The open dialog named `name`.
async fn dialog(c: &Client, name: &str) -> Result<Element> {
    by_role(c, Within::Page, "dialog", name).await
}

#[tokio::test(flavor = "multi_thread")]
async fn reorder_stream_content_by_keyboard_and_mouse_and_keep_it_after_a_reload() -> Result<()> {
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let result = browser
        .run("planner", |c| async move {
            // Three approved emails in the library.
            c.goto(&server.url("/library")).await?;
            expect_page_heading(c, "Library").await?;
            for name in EMAILS {
                by_role(c, Within::Page, "button", "New email").await?.click().await?;
                let d = dialog(c, "New email").await?;
                by_role(c, Within::Element(&d), "textbox", "Name").await?.send_keys(name).await?;
                by_role(c, Within::Element(&d), "checkbox", "Approved").await?.click().await?;
                by_role(c, Within::Element(&d), "button", "Create email").await?.click().await?;
                expect_announced(c, &format!("Created email {name}")).await?;
            }

            // A program, opened in the editor, with a new stream.
            let nav = by_role(c, Within::Page, "navigation", "Main").await?;
            by_role(c, Within::Element(&nav), "link", "Programs").await?.click().await?;
            expect_page_heading(c, "Programs").await?;
            by_role(c, Within::Page, "button", "Create program").await?.click().await?;
            let list = by_role(c, Within::Page, "list", "Engagement programs").await?;
            by_role(c, Within::Element(&list), "link", "Program 1").await?.click().await?;
            expect_page_heading(c, "Program 1").await?;
            by_role(c, Within::Page, "button", "Add stream").await?.click().await?;
            expect_announced(c, "Added stream Stream 1 to Program 1").await?;

            // The three emails, added from the library.
            by_role(c, Within::Page, "button", "Add content to Stream 1").await?.click().await?;
            let d = dialog(c, "Add content to Stream 1").await?;
            for name in EMAILS {
                by_role(c, Within::Element(&d), "button", &format!("Add {name}")).await?.click().await?;
            }
            by_role(c, Within::Element(&d), "button", "Done").await?.click().await?;
            expect_order(c, "Content of Stream 1", &EMAILS).await?;

            // Keyboard: pick up "E2E one", down one, drop.
            let list = by_role(c, Within::Page, "list", "Content of Stream 1").await?;
            let grip = by_role(c, Within::Element(&list), "button", "E2E one").await?;
            grip.send_keys(" ").await?;
            expect_announced(
                c,
                "Picked up E2E one, position 1 of 3 in Stream 1. Use the up and down arrow keys to move it, \
                 left and right to move it to another stream, Space or Enter to drop it, Escape to cancel.",
            )
            .await?;
            press(c, &[&Key::Down]).await?;
            expect_announced(c, "E2E one: position 2 of 3 in Stream 1").await?;
            press(c, &[" "]).await?;
            expect_order(c, "Content of Stream 1", &["E2E two", "E2E one", "E2E three"]).await?;
            expect_announced(c, "Moved E2E one from position 1 to 2 in Stream 1").await?;
            let focused = c.active_element().await?;
            ensure(focused.attr("aria-label").await?.as_deref() == Some("E2E one"), || {
                "focus went back to the moved item".into()
            })?;

            // Mouse: drag "E2E three" above the first item.
            let list = by_role(c, Within::Page, "list", "Content of Stream 1").await?;
            let three = by_role(c, Within::Element(&list), "button", "E2E three").await?;
            let first = list.find(Locator::Css("li")).await?;
            let (_, _, _, h) = first.rectangle().await?;
            drag_to(c, &three, &first, 0.0, -(h / 2.0) + 3.0).await?;
            expect_order(c, "Content of Stream 1", &["E2E three", "E2E two", "E2E one"]).await?;
            expect_announced(c, "Moved E2E three from position 3 to 1 in Stream 1").await?;

            // Saved, and kept after a reload.
            saved(c).await?;
            c.refresh().await?;
            expect_page_heading(c, "Program 1").await?;
            expect_order(c, "Content of Stream 1", &["E2E three", "E2E two", "E2E one"]).await?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}
