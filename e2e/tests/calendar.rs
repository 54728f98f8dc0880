//! The cadence calendar in the release build, over the sample workspace a
//! first run opens: the casts on their dates (cells found by role and
//! accessible name), the grid's keyboard interaction, and the `.ics`
//! export read back from the downloads folder.

use std::time::{Duration, Instant};

use engagement_e2e::{
    by_role, ensure, expect_page_heading, press, Browser, Error, Result, StaticServer, Within, TIMEOUT,
};
use engagement_e2e::{dist};
use fantoccini::key::Key;
use fantoccini::Client;

/// Waits for focus on the grid cell of `date` (focus moves after the next
/// render).
async fn focus_on(c: &Client, date: &str, what: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let focused = c.active_element().await?.attr("data-date").await?;
        if focused.as_deref() == Some(date) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("{what}: focus is on {focused:?}, expected {date}")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_calendar_shows_the_samples_casts_and_exports_them() -> Result<()> {
    let server = StaticServer::start(dist())?;
    let browser = Browser::start().await?;
    let b = &browser;

    let result = browser
        .run("calendar", |c| async move {
            c.goto(&server.url("/calendar?date=2027-01-05")).await?;
            expect_page_heading(c, "Calendar").await?;
            let grid = by_role(c, Within::Page, "grid", "Casts of the month").await?;
            // The sample: Early stage on Tuesdays, Onboarding on Mondays and
            // Thursdays, Engaged on Thursdays (R-CA-2), in New York's weeks
            // starting on Sunday.
            let tue = by_role(c, Within::Element(&grid), "gridcell", "Tuesday 5 January 2027, 1 cast").await?;
            // The whole text (a narrow cell clips what it shows).
            let text = tue.prop("textContent").await?.unwrap_or_default();
            ensure(text.contains("New prospects nurture") && text.contains("Early stage"), || {
                format!("5 Jan reads {text:?}")
            })?;
            by_role(c, Within::Element(&grid), "gridcell", "Thursday 7 January 2027, 2 casts").await?;
            by_role(c, Within::Element(&grid), "gridcell", "Wednesday 6 January 2027, no casts").await?;

            // Keyboard: the tabbable day, then a week down and a month on.
            tue.click().await?;
            focus_on(c, "2027-01-05", "a click").await?;
            press(c, &[&Key::Down]).await?;
            focus_on(c, "2027-01-12", "ArrowDown moves a week on").await?;
            press(c, &[&Key::PageDown]).await?;
            by_role(c, Within::Page, "heading", "February 2027").await?;
            focus_on(c, "2027-02-12", "PageDown moves a month on").await?;

            // Export the shown range (31 Jan to 6 Mar 2027) and read it back.
            by_role(c, Within::Page, "button", "Export .ics").await?.click().await?;
            let ics = b.downloaded("Acme Analytics nurture casts 2027-01-31 to 2027-03-06.ics").await?;
            ensure(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), || format!("the file starts {:?}", &ics[..40.min(ics.len())]))?;
            ensure(ics.contains("\r\nUID:ep-prospects/s-early/20270202@engagement-planner\r\n"), || {
                "the Early stage cast of 2 Feb is exported".into()
            })?;
            ensure(ics.contains("\r\nSUMMARY:New prospects nurture — Early stage: cast\r\n"), || "its summary".into())?;
            ensure(ics.ends_with("END:VCALENDAR\r\n"), || "the file ends the calendar".into())?;
            Ok(())
        })
        .await;
    browser.close().await?;
    result
}
